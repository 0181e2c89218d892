import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import {
  hasPermission,
  type Language,
  type LoginInput,
  type LoginResponse,
  type MeView,
  type Permission,
} from '@zibo/domain';
import { type Observable, switchMap, tap } from 'rxjs';
import { LOGIN_PATH, ME_PATH } from '../api/api-paths';
import { handlesUnauthorized } from './auth-context';
import { TokenStore } from './token-store';

/** Who is signed in. The token lives in TokenStore; the profile (`/api/me`) in a signal. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly tokens = inject(TokenStore);
  private readonly meState = signal<MeView | null>(null);

  readonly me = this.meState.asReadonly();
  readonly signedIn = computed(() => this.meState() !== null);

  token(): string | null {
    return this.tokens.read();
  }

  hasToken(): boolean {
    return this.token() !== null;
  }

  /** False while signed out, so nothing is offered before the profile is known. */
  can(permission: Permission): boolean {
    const me = this.meState();
    return me !== null && hasPermission(me.role, permission);
  }

  signIn(credentials: LoginInput): Observable<MeView> {
    return this.http.post<LoginResponse>(LOGIN_PATH, credentials, { context: handlesUnauthorized() }).pipe(
      tap((response) => this.tokens.save(response.accessToken, response.expiresAt)),
      switchMap(() => this.loadMe()),
    );
  }

  /** Loads the profile for the stored token; a 401 here is left to the caller (the guard). */
  loadMe(): Observable<MeView> {
    return this.http.get<MeView>(ME_PATH, { context: handlesUnauthorized() }).pipe(tap((me) => this.meState.set(me)));
  }

  updateLanguage(language: Language): Observable<MeView> {
    return this.http.patch<MeView>(ME_PATH, { language }).pipe(tap((me) => this.meState.set(me)));
  }

  /** Forgets the session locally; the token is stateless, so there is nothing to call. */
  signOut(): void {
    this.tokens.clear();
    this.meState.set(null);
  }
}
