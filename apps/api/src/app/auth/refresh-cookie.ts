import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import type { SignInResult } from './sign-in-completion';

export const REFRESH_COOKIE = 'zibo_refresh';
/** Sent only to the sign-in endpoints, never with ordinary api calls or pages. */
export const REFRESH_COOKIE_PATH = '/api/auth';

/**
 * The refresh token travels only in this cookie: HttpOnly (no script reads it, so an XSS cannot
 * steal it), SameSite=Strict (no other site's page can send it), Secure unless COOKIE_SECURE=false
 * (plain-HTTP development), Path=/api/auth, and it expires with the session's absolute limit.
 */
@Injectable()
export class RefreshCookie {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {}

  read(request: Request): string | undefined {
    const cookies: unknown = (request as { cookies?: unknown }).cookies;
    const value =
      typeof cookies === 'object' && cookies ? (cookies as Record<string, unknown>)[REFRESH_COOKIE] : undefined;
    return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
  }

  /** Sets the cookie when the step started a session; returns the body to send. */
  apply(response: Response, result: SignInResult): SignInResult['outcome'] {
    if (result.refresh) {
      response.cookie(REFRESH_COOKIE, result.refresh.token, {
        httpOnly: true,
        secure: this.config.cookieSecure,
        sameSite: 'strict',
        path: REFRESH_COOKIE_PATH,
        maxAge: Math.max(0, result.refresh.expiresAt.getTime() - this.clock.now().getTime()),
      });
    }
    return result.outcome;
  }

  clear(response: Response): void {
    response.clearCookie(REFRESH_COOKIE, {
      httpOnly: true,
      secure: this.config.cookieSecure,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
    });
  }
}
