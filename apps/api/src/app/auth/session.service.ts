import { Inject, Injectable } from '@nestjs/common';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { ProblemException, problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { User } from '../users';
import { AccessTokens, type SessionClaims } from './access-tokens';
import { type SessionUserRow, SessionStore } from './session-store';
import { type SignInResult, SignInCompletion } from './sign-in-completion';

const actorOf = (row: SessionUserRow) => ({ id: row.id, role: row.role, departmentId: row.department_id });

/** Keeping a session going (refresh) and ending it (sign-out). */
@Injectable()
export class SessionService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly sessions: SessionStore,
    private readonly tokens: AccessTokens,
    private readonly completion: SignInCompletion,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A new access token and a new refresh token for the refresh cookie. A refresh token already used
   * (outside the short grace of a benign race) is taken for a stolen one: the whole session — every
   * token of its family — is revoked and the event audited as `auth.refresh_reuse`.
   */
  async refresh(presented: string | undefined): Promise<SignInResult> {
    if (!presented) throw problems.unauthenticated('No session: sign in.');
    const now = this.clock.now();
    const outcome = await this.unitOfWork.run(async (tx): Promise<SignInResult | ProblemException> => {
      const result = await this.sessions.rotate(tx, presented, now);
      if (result.kind === 'unknown' || result.kind === 'ended') {
        return problems.unauthenticated('The session has ended: sign in again.');
      }
      if (result.kind === 'reused') {
        await this.sessions.revoke(tx, result.row.session_id, 'refresh_reuse', now);
        await this.audit.append(tx, {
          actor: null,
          action: 'auth.refresh_reuse',
          entityType: 'user',
          entityId: result.row.id,
          departmentId: result.row.department_id,
          after: { sessionId: result.row.session_id },
        });
        return problems.unauthenticated('This sign-in was used elsewhere and has been ended: sign in again.');
      }
      const user = await tx.getRepository(User).findOneByOrFail({ id: result.row.id });
      const body = await this.completion.sessionBody(
        user,
        result.row.session_id,
        result.row.expires_at,
        result.row.amr,
      );
      return { outcome: body, refresh: { token: result.refreshToken, expiresAt: result.row.expires_at } };
    });
    if (outcome instanceof ProblemException) throw outcome;
    return outcome;
  }

  /**
   * Ends the session named by the bearer token and the one behind the refresh cookie (usually the
   * same). Idempotent: nothing to end is not an error, so signing out always "works".
   */
  async logout(bearer: string | undefined, presented: string | undefined): Promise<void> {
    const now = this.clock.now();
    // An expired access token still says which session to end.
    const claims = bearer
      ? await this.tokens.verify<SessionClaims>('session', bearer, { ignoreExpiration: true })
      : null;
    await this.unitOfWork.run(async (tx) => {
      const rows: SessionUserRow[] = [];
      if (claims && typeof claims.sid === 'string') {
        const row = await this.sessions.sessionRow(tx, claims.sid);
        if (row && row.id === claims.sub) rows.push(row);
      }
      if (presented) {
        const row = await this.sessions.sessionOfRefreshToken(tx, presented);
        if (row && !rows.some((r) => r.session_id === row.session_id)) rows.push(row);
      }
      for (const row of rows) {
        if (!(await this.sessions.revoke(tx, row.session_id, 'logout', now))) continue;
        await this.audit.append(tx, {
          actor: actorOf(row),
          action: 'auth.logout',
          entityType: 'user',
          entityId: row.id,
          after: { sessionId: row.session_id },
        });
      }
    });
  }
}
