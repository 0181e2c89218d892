import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoginOutcome, LoginResponse, PasswordChangeReason } from '@zibo/domain';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { currentRequestContext } from '../../core/request-context/request-context';
import { AuditWriter } from '../audit';
import { type User, toUserView } from '../users';
import { AccessTokens } from './access-tokens';
import { AccountPolicy } from '../credentials';
import { SessionStore } from './session-store';

/** A sign-in step's answer, and the refresh token to set as a cookie when a session started. */
export interface SignInResult {
  outcome: LoginOutcome;
  refresh?: { token: string; expiresAt: Date };
}

/** What the user proved so far: the methods (RFC 8176 amr) and whether the password must change. */
export interface SignInProof {
  amr: string[];
  passwordChange: PasswordChangeReason | null;
}

const hasSecondFactor = (amr: string[]) => amr.includes('mfa') || amr.includes('otp');

/**
 * The end of every sign-in, whatever proved the user (password and code here; an OpenID Connect
 * provider's callback later, with its `amr`): the forced password change first, then enrolment in
 * a second factor where the role requires one, then the session.
 */
@Injectable()
export class SignInCompletion {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionStore,
    private readonly policy: AccountPolicy,
    private readonly audit: AuditWriter,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async next(tx: EntityManager, user: User, proof: SignInProof): Promise<SignInResult> {
    if (proof.passwordChange) {
      const changeToken = await this.tokens.signStep('password-change', {
        sub: user.id,
        sv: user.sessionVersion,
        amr: proof.amr,
        pcr: proof.passwordChange,
        pwc: user.passwordChangedAt.getTime(),
      });
      return { outcome: { passwordChangeRequired: true, changeToken, reason: proof.passwordChange } };
    }
    if (this.policy.mfaRequired(user) && !user.totpEnabledAt && !hasSecondFactor(proof.amr)) {
      const enrolToken = await this.tokens.signStep('mfa-enrolment', {
        sub: user.id,
        sv: user.sessionVersion,
        amr: proof.amr,
      });
      return { outcome: { mfaEnrolmentRequired: true, enrolToken } };
    }
    return this.issueSession(tx, user, proof.amr);
  }

  /** Starts a session for the user (in the caller's transaction, with its audit event). */
  async issueSession(tx: EntityManager, user: User, amr: string[]): Promise<SignInResult> {
    const now = this.clock.now();
    const context = currentRequestContext();
    const session = await this.sessions.create(tx, user, amr, now, {
      ip: context?.ip ?? null,
      userAgent: context?.userAgent ?? null,
    });
    await this.audit.append(tx, {
      actor: { id: user.id, role: user.role, departmentId: user.departmentId },
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      after: { amr, sessionId: session.sessionId },
    });
    const outcome = await this.sessionBody(user, session.sessionId, session.expiresAt, amr);
    return { outcome, refresh: { token: session.refreshToken, expiresAt: session.expiresAt } };
  }

  /** Ends the user's sessions but `keep` (a password changed, a second factor reset). */
  endOtherSessions(tx: EntityManager, userId: string, keep: string | undefined, now: Date): Promise<number> {
    return this.sessions.revokeAllOf(tx, userId, 'credentials_changed', now, keep);
  }

  /** The login body for a live session: a fresh access token and who is signed in. */
  async sessionBody(user: User, sessionId: string, sessionExpiresAt: Date, amr: string[]): Promise<LoginResponse> {
    const access = await this.tokens.signSession({ sub: user.id, sid: sessionId, amr }, sessionExpiresAt);
    return {
      accessToken: access.token,
      expiresIn: access.expiresIn,
      user: toUserView(user),
      session: {
        idleTimeoutSeconds: this.config.sessionIdleMinutes * 60,
        expiresAt: sessionExpiresAt.toISOString(),
      },
    };
  }
}
