import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { SignInStep } from '../../core/access/bearer-authenticator';
import { Clock, SESSION_CLOCK } from '../../core/clock';

export const TOKEN_ISSUER = 'zibo-supervision';
/** Access tokens live at most this long (ASVS 5.0 V7; the session itself lives on in the database). */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

/** The audience of each kind of token: one kind is never accepted where another is expected. */
export const TOKEN_AUDIENCE = {
  session: 'zibo-supervision/api',
  mfa: 'zibo-supervision/sign-in/mfa',
  'password-change': 'zibo-supervision/sign-in/password-change',
  'mfa-enrolment': 'zibo-supervision/sign-in/mfa-enrolment',
} as const satisfies Record<'session' | 'mfa' | SignInStep, string>;
export type TokenKind = keyof typeof TOKEN_AUDIENCE;

/** Seconds each sign-in step's token lives: enough to type a code or choose a password, no more. */
const STEP_TOKEN_SECONDS: Record<Exclude<TokenKind, 'session'>, number> = {
  mfa: 5 * 60,
  'password-change': 10 * 60,
  'mfa-enrolment': 10 * 60,
};

export interface SessionClaims {
  sub: string;
  /** The server-side session (auth_session.id): signing out or revoking it ends the token at once. */
  sid: string;
  amr: string[];
}

export interface StepClaims {
  sub: string;
  /** The user's session_version when issued: locking or a role change voids the step too. */
  sv: number;
  amr: string[];
  /** Why the password must change (set when that step is still ahead). */
  pcr?: string;
  /** The password's change time (epoch ms) when issued: a change token works once. */
  pwc?: number;
}

interface Registered {
  iat: number;
  exp: number;
  nbf: number;
}

/**
 * Signs and checks the api's JWTs (HS256). Every check — signature, algorithm (HS256 only: `none`
 * and other algorithms are refused), issuer, audience, `exp`, `nbf` — runs against the api's Clock,
 * so tests can move time.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /** An access token for a session, ending no later than the session's absolute limit. */
  async signSession(claims: SessionClaims, sessionExpiresAt: Date): Promise<{ token: string; expiresIn: number }> {
    const now = this.nowSeconds();
    const exp = Math.min(now + ACCESS_TOKEN_SECONDS, Math.floor(sessionExpiresAt.getTime() / 1000));
    const token = await this.sign('session', { ...claims }, now, exp);
    return { token, expiresIn: exp - now };
  }

  signStep(kind: Exclude<TokenKind, 'session'>, claims: StepClaims): Promise<string> {
    const now = this.nowSeconds();
    return this.sign(kind, { ...claims }, now, now + STEP_TOKEN_SECONDS[kind]);
  }

  /** The claims of a valid token of this kind, or null (bad signature, algorithm, issuer, audience, time). */
  async verify<T extends SessionClaims | StepClaims>(
    kind: TokenKind,
    token: string,
    options: { ignoreExpiration?: boolean } = {},
  ): Promise<(T & Registered) | null> {
    try {
      return await this.jwt.verifyAsync<T & Registered>(token, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE[kind],
        clockTimestamp: this.nowSeconds(),
        ignoreExpiration: options.ignoreExpiration ?? false,
      });
    } catch {
      return null;
    }
  }

  private sign(kind: TokenKind, claims: Record<string, unknown>, iat: number, exp: number): Promise<string> {
    return this.jwt.signAsync(
      { ...claims, iat, nbf: iat, exp },
      { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE[kind] },
    );
  }
}
