import { Injectable } from '@angular/core';

/**
 * The access token, in memory only: never in localStorage, where any script on the page could read
 * it. A reload starts without one and gets a new one through the HttpOnly refresh cookie.
 */
@Injectable({ providedIn: 'root' })
export class TokenStore {
  private current: { token: string; expiresAt: number } | null = null;

  read(now: number = Date.now()): string | null {
    // An expired token would only earn a 401.
    if (this.current && this.current.expiresAt <= now) {
      this.current = null;
    }
    return this.current?.token ?? null;
  }

  save(token: string, expiresInSeconds: number, now: number = Date.now()): void {
    this.current = { token, expiresAt: now + expiresInSeconds * 1000 };
  }

  clear(): void {
    this.current = null;
  }
}
