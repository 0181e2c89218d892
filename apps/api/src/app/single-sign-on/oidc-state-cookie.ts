import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { TOKEN_ISSUER } from '../auth';

export const OIDC_STATE_COOKIE = 'zibo_oidc';
/** Sent back only to the callback (and the start, which replaces it). */
export const OIDC_COOKIE_PATH = '/api/auth/oidc';
const AUDIENCE = 'zibo-supervision/sign-in/oidc-state';
/** Long enough to sign in at the provider (with its second factor), no longer. */
export const OIDC_STATE_SECONDS = 10 * 60;

/** What the callback must see again: the state, the nonce and the PKCE verifier of this sign-in. */
export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The pending sign-in travels in a signed (HS256, the api's secret), HttpOnly cookie, Path=/api/auth/oidc.
 * SameSite=Lax, not Strict: the provider's redirect back is a cross-site top-level navigation, and
 * a Strict cookie would not come with it. Nothing is kept on the server between the two requests.
 */
@Injectable()
export class OidcStateCookie {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async set(response: Response, pending: OidcPending): Promise<void> {
    const token = await this.jwt.signAsync(
      { st: pending.state, nn: pending.nonce, cv: pending.codeVerifier },
      { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: AUDIENCE, expiresIn: OIDC_STATE_SECONDS },
    );
    response.cookie(OIDC_STATE_COOKIE, token, {
      httpOnly: true,
      secure: this.config.cookieSecure,
      sameSite: 'lax',
      path: OIDC_COOKIE_PATH,
      maxAge: OIDC_STATE_SECONDS * 1000,
    });
  }

  /** The pending sign-in of a valid, unexpired cookie, or null. */
  async read(request: Request): Promise<OidcPending | null> {
    const cookies = (request as Request & { cookies?: Record<string, unknown> }).cookies;
    const value = cookies?.[OIDC_STATE_COOKIE];
    if (typeof value !== 'string' || value.length > 2048) return null;
    try {
      const claims = await this.jwt.verifyAsync<{ st?: unknown; nn?: unknown; cv?: unknown }>(value, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: AUDIENCE,
      });
      const { st, nn, cv } = claims;
      if (typeof st !== 'string' || typeof nn !== 'string' || typeof cv !== 'string') return null;
      return { state: st, nonce: nn, codeVerifier: cv };
    } catch {
      return null;
    }
  }

  clear(response: Response): void {
    response.clearCookie(OIDC_STATE_COOKIE, {
      httpOnly: true,
      secure: this.config.cookieSecure,
      sameSite: 'lax',
      path: OIDC_COOKIE_PATH,
    });
  }
}
