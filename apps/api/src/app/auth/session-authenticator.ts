import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../../core/access/auth-user';
import { BearerAuthenticator, type SignInStep } from '../../core/access/bearer-authenticator';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import { databaseUnavailable, isDatabaseUnavailable } from '../../core/problems/database-errors';
import { problems } from '../../core/problems/problem.exception';
import { User } from '../users';
import { AccessTokens, type SessionClaims, type StepClaims } from './access-tokens';
import { SessionStore } from './session-store';
import { UnitOfWork } from '../../core/database/unit-of-work';

/** Requests that say so (the web app's polling) are not activity: they do not keep a session from going idle. */
export const BACKGROUND_HEADER = 'x-background';

const bearerOf = (request: Request): string | null => {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.header('authorization') ?? '');
  return match?.[1] ?? null;
};

/**
 * Accepts an access token only while its session lives: not signed out or revoked, within the idle
 * and absolute limits, its user unlocked with the session version the session started with. One
 * statement per request reads the user with the session (and records the activity).
 */
@Injectable()
export class SessionAuthenticator extends BearerAuthenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionStore,
    private readonly unitOfWork: UnitOfWork,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async authenticate(request: Request, step: SignInStep | undefined): Promise<AuthUser> {
    const token = bearerOf(request);
    if (!token) throw problems.unauthenticated();
    const claims = await this.tokens.verify<SessionClaims>('session', token);
    if (claims) return this.fromSession(claims, request.header(BACKGROUND_HEADER) === '1');
    if (step) {
      const stepClaims = await this.tokens.verify<StepClaims>(step, token);
      if (stepClaims) return this.fromStep(step, stepClaims);
    }
    throw problems.unauthenticated('Sign in again: the token is missing, invalid or expired.');
  }

  private async fromSession(claims: SessionClaims, background: boolean): Promise<AuthUser> {
    if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string') throw problems.unauthenticated();
    const now = this.clock.now();
    // A failed lookup is an outage (503), never a sign-out.
    const row = await this.sessions.authenticate(claims.sid, claims.sub, now, background).catch((error: unknown) => {
      throw isDatabaseUnavailable(error) ? databaseUnavailable() : error;
    });
    if (!row || !this.sessions.isAlive(row, now)) {
      throw problems.unauthenticated('The session has ended: sign in again.');
    }
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      departmentId: row.department_id,
      sessionId: row.session_id,
    };
  }

  /** A step token is good while its user is unchanged and its step still to be done. */
  private async fromStep(purpose: SignInStep, claims: StepClaims): Promise<AuthUser> {
    const user = await this.unitOfWork.run((tx) => tx.getRepository(User).findOneBy({ id: claims.sub }));
    const pending =
      purpose === 'password-change'
        ? user?.passwordChangedAt.getTime() === claims.pwc
        : user !== null && user.totpEnabledAt === null;
    if (!user || user.locked || user.sessionVersion !== claims.sv || !pending) {
      throw problems.unauthenticated('Sign in again.');
    }
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      departmentId: user.departmentId,
      step: { purpose, amr: claims.amr, ...(claims.pcr ? { passwordChangeReason: claims.pcr } : {}) },
    };
  }
}
