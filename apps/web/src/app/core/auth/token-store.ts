import { Injectable, inject } from '@angular/core';
import { BROWSER_STORAGE, STORAGE_PREFIX } from '../storage/browser-storage';

const TOKEN_KEY = `${STORAGE_PREFIX}accessToken`;
const EXPIRES_KEY = `${STORAGE_PREFIX}accessTokenExpiresAt`;

/** The bearer token, kept in localStorage so a reload or a second tab stays signed in. */
@Injectable({ providedIn: 'root' })
export class TokenStore {
  private readonly storage = inject(BROWSER_STORAGE);

  read(now: number = Date.now()): string | null {
    const token = this.storage.getItem(TOKEN_KEY);
    const expiresAt = Date.parse(this.storage.getItem(EXPIRES_KEY) ?? '');
    // An expired token would only earn a 401: drop it and go straight to sign-in.
    if (token && !Number.isNaN(expiresAt) && expiresAt <= now) {
      this.clear();
      return null;
    }
    return token;
  }

  save(token: string, expiresAt: string | undefined): void {
    this.storage.setItem(TOKEN_KEY, token);
    if (expiresAt) {
      this.storage.setItem(EXPIRES_KEY, expiresAt);
    } else {
      this.storage.removeItem(EXPIRES_KEY);
    }
  }

  clear(): void {
    this.storage.removeItem(TOKEN_KEY);
    this.storage.removeItem(EXPIRES_KEY);
  }
}
