import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import {
  type Language,
  type LoginInput,
  type LoginOutcome,
  type LoginResponse,
  type MeView,
  type Permission,
  type TotpConfirmation,
  type TotpEnrolmentView,
  hasPermission,
  isSession,
} from '@zibo/domain';
import {
  type Observable,
  catchError,
  firstValueFrom,
  from,
  map,
  of,
  shareReplay,
  switchMap,
  tap,
  throwError,
} from 'rxjs';
import { isApiError } from '../api/api-error';
import {
  LOGIN_MFA_PATH,
  LOGIN_PATH,
  LOGOUT_PATH,
  ME_PATH,
  PASSWORD_PATH,
  REFRESH_PATH,
  TOTP_PATH,
} from '../api/api-paths';
import { handlesUnauthorized } from './auth-context';
import { withRefreshLock } from './refresh-lock';
import { SessionActivity } from './session-activity';
import { type SignInReason, signInTree } from './sign-in-redirect';
import { TokenStore } from './token-store';

/** Where a sign-in step led: into the app, or to the next step (code, new password, enrolment). */
export type SignInProgress = { signedIn: MeView } | Exclude<LoginOutcome, LoginResponse>;

// Refresh this long before the access token expires, so requests never carry an expired one.
const REFRESH_AHEAD_MS = 60_000;

const bearer = (token: string) => ({ headers: new HttpHeaders({ Authorization: `Bearer ${token}` }) });

/**
 * Who is signed in. The access token lives in memory (TokenStore), the refresh token in an
 * HttpOnly cookie the page cannot read; the profile (`/api/me`) in a signal. The token is refreshed
 * shortly before it expires and after a 401, one tab at a time, and a reload gets a new one
 * through the cookie.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly tokens = inject(TokenStore);
  private readonly activity = inject(SessionActivity);
  private readonly router = inject(Router);
  private readonly meState = signal<MeView | null>(null);
  private refreshing: Promise<boolean> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private restoring: Observable<MeView> | null = null;

  readonly me = this.meState.asReadonly();
  readonly signedIn = computed(() => this.meState() !== null);

  token(): string | null {
    return this.tokens.read();
  }

  /** False while signed out, so nothing is offered before the profile is known. */
  can(permission: Permission): boolean {
    const me = this.meState();
    return me !== null && hasPermission(me.role, permission);
  }

  signIn(credentials: LoginInput): Observable<SignInProgress> {
    return this.http
      .post<LoginOutcome>(LOGIN_PATH, credentials, { context: handlesUnauthorized() })
      .pipe(switchMap((outcome) => this.proceed(outcome)));
  }

  /** The second step: a code from the authenticator app, or a recovery code. */
  verifyCode(mfaToken: string, code: string): Observable<SignInProgress> {
    return this.http
      .post<LoginOutcome>(LOGIN_MFA_PATH, { mfaToken, code }, { context: handlesUnauthorized() })
      .pipe(switchMap((outcome) => this.proceed(outcome)));
  }

  /** The forced password change of a sign-in, with its change token. */
  changeExpiredPassword(changeToken: string, newPassword: string): Observable<SignInProgress> {
    return this.http
      .put<LoginOutcome>(PASSWORD_PATH, { newPassword }, { ...bearer(changeToken), context: handlesUnauthorized() })
      .pipe(switchMap((outcome) => this.proceed(outcome)));
  }

  /** Changing one's own password while signed in (the other sessions end). */
  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http.put<void>(PASSWORD_PATH, { currentPassword, newPassword });
  }

  /** A secret to scan, with the session or a sign-in's enrolment token. */
  beginEnrolment(enrolToken?: string): Observable<TotpEnrolmentView> {
    return this.http.post<TotpEnrolmentView>(TOTP_PATH, {}, enrolToken ? bearer(enrolToken) : {});
  }

  /** Confirms the authenticator; with an enrolment token this also starts the session. */
  confirmEnrolment(code: string, enrolToken?: string): Observable<TotpConfirmation> {
    return this.http
      .post<TotpConfirmation>(`${TOTP_PATH}/confirm`, { code }, enrolToken ? bearer(enrolToken) : {})
      .pipe(
        switchMap((confirmation) =>
          confirmation.accessToken
            ? this.proceed(confirmation as LoginResponse).pipe(map(() => confirmation))
            : this.loadMe().pipe(map(() => confirmation)),
        ),
      );
  }

  disableSecondFactor(code: string): Observable<MeView> {
    return this.http.post(`${TOTP_PATH}/disable`, { code }).pipe(switchMap(() => this.loadMe()));
  }

  /**
   * After a reload: a session through the refresh cookie, once per page load (the guard asks on
   * every navigation until someone is signed in).
   */
  restore(): Observable<MeView> {
    this.restoring ??= from(this.refresh({ handled: true })).pipe(
      switchMap((ok) => (ok ? this.loadMe() : throwError(() => 'no-session'))),
      catchError((error: unknown) => {
        this.restoring = null;
        return throwError(() => error);
      }),
      shareReplay(1),
    );
    return this.restoring;
  }

  /**
   * A new access token for the session. True when there is one now; false when the session has
   * ended (401); an outage (503, no answer) is thrown, never taken for a sign-out.
   */
  refresh(options: { handled?: boolean } = {}): Promise<boolean> {
    this.refreshing ??= withRefreshLock(() =>
      firstValueFrom(this.http.post<LoginResponse>(REFRESH_PATH, {}, { context: handlesUnauthorized() })),
    )
      .then((session) => {
        this.startSession(session);
        return true;
      })
      .catch((error: unknown) => {
        if (isApiError(error, 401)) {
          if (!options.handled) this.endLocally();
          return false;
        }
        throw error;
      })
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Loads the profile for the current token; a 401 here is left to the caller (the guard). */
  loadMe(): Observable<MeView> {
    return this.http.get<MeView>(ME_PATH, { context: handlesUnauthorized() }).pipe(tap((me) => this.meState.set(me)));
  }

  updateLanguage(language: Language): Observable<MeView> {
    return this.http.patch<MeView>(ME_PATH, { language }).pipe(tap((me) => this.meState.set(me)));
  }

  /** A request the user started: keeps the session from going idle. */
  recordActivity(): void {
    this.activity.record();
  }

  /** Signs out on the server (the token and the refresh cookie end there at once), then here. */
  signOut(): Observable<void> {
    const token = this.tokens.read();
    return this.http
      .post<void>(LOGOUT_PATH, {}, { ...(token ? bearer(token) : {}), context: handlesUnauthorized() })
      .pipe(
        catchError(() => of(undefined)),
        tap(() => this.endLocally()),
        map(() => undefined),
      );
  }

  /** The session ended on the server (expired, revoked): forget it and go to sign-in. */
  sessionEnded(reason: SignInReason): void {
    this.endLocally();
    if (!this.router.url.startsWith('/login')) {
      void this.router.navigateByUrl(signInTree(this.router, this.router.url, reason));
    }
  }

  /** Forgets the session here only. */
  endLocally(): void {
    clearTimeout(this.refreshTimer);
    this.tokens.clear();
    this.activity.stop();
    this.meState.set(null);
    this.restoring = null;
  }

  private proceed(outcome: LoginOutcome): Observable<SignInProgress> {
    if (!isSession(outcome)) {
      return of(outcome);
    }
    this.startSession(outcome);
    return this.loadMe().pipe(map((me) => ({ signedIn: me })));
  }

  private startSession(session: LoginResponse): void {
    this.tokens.save(session.accessToken, session.expiresIn);
    if (!this.activity.idleAt()) {
      this.activity.start(session.session.idleTimeoutSeconds);
    }
    clearTimeout(this.refreshTimer);
    const delay = Math.max(5_000, session.expiresIn * 1000 - REFRESH_AHEAD_MS);
    this.refreshTimer = setTimeout(() => {
      this.refresh().then(
        (ok) => {
          if (!ok) this.sessionEnded('expired');
        },
        // Unavailable for now: the next request's 401 (or the banner) takes it from here.
        () => undefined,
      );
    }, delay);
  }
}
