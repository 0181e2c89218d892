import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type TotpConfirmation, type TotpEnrolmentView, totpCodeSchema } from '@zibo/domain';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { ProblemException, problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import type { User } from '../users';
import { AccountPolicy } from '../credentials';
import { AuthKeys } from './auth-keys';
import { LoginThrottle } from './login-throttle';
import { RecoveryCodes } from './recovery-codes';
import { SecondFactor } from './second-factor';
import { clientAddress } from './sign-in.service';
import { type SignInResult, SignInCompletion } from './sign-in-completion';
import { Totp } from './totp';

export interface MfaStatusView {
  enabled: boolean;
  required: boolean;
}

const wrongCode = () =>
  problems.unprocessable([{ field: 'code', code: 'invalid_code', message: 'Wrong or already used code' }]);

/** Enrolling, disabling and resetting the TOTP second factor. */
@Injectable()
export class MfaService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly keys: AuthKeys,
    private readonly totp: Totp,
    private readonly recoveryCodes: RecoveryCodes,
    private readonly secondFactor: SecondFactor,
    private readonly policy: AccountPolicy,
    private readonly completion: SignInCompletion,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {}

  /** A new secret to scan; it counts only once a code from it is confirmed. */
  async begin(command: Command): Promise<TotpEnrolmentView> {
    const caller = command.actor;
    const secret = this.totp.newSecret();
    const otpauthUrl = this.totp.otpauthUrl(secret, caller.username);
    await this.unitOfWork.run(async (tx) => {
      const user = await this.lock(tx, caller.id);
      if (user.totpEnabledAt) {
        throw problems.conflict('A second factor is already enabled: disable it first to enrol another.');
      }
      await tx.query('UPDATE app_user SET totp_pending_secret = $2 WHERE id = $1', [user.id, this.keys.seal(secret)]);
    });
    return { secret, otpauthUrl, qrCode: await this.totp.qrCode(otpauthUrl) };
  }

  /** Confirms the pending secret with a code from it; returns ten recovery codes (and, in a sign-in, the session). */
  async confirm(command: Command): Promise<{ body: TotpConfirmation; session?: SignInResult }> {
    const caller = command.actor;
    const { code } = command.parse(totpCodeSchema);
    const now = this.clock.now();
    return this.unitOfWork.run(async (tx) => {
      const user = await this.lock(tx, caller.id);
      if (user.totpEnabledAt) throw problems.conflict('A second factor is already enabled.');
      if (!user.totpPendingSecret) throw problems.conflict('Start the enrolment first (POST /api/me/mfa/totp).');
      const step = await this.totp.verify(this.keys.open(user.totpPendingSecret), code, null);
      if (step === null) throw wrongCode();
      await tx.query(
        `UPDATE app_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                             totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1`,
        [user.id, now, step],
      );
      user.totpEnabledAt = now;
      const recoveryCodes = await this.recoveryCodes.replace(tx, user.id, now);
      await this.audit.append(tx, {
        actor: user,
        action: 'auth.mfa_enrol',
        entityType: 'user',
        entityId: user.id,
        after: { method: 'totp', recoveryCodes: recoveryCodes.length },
      });
      if (caller.step?.purpose !== 'mfa-enrolment') return { body: { recoveryCodes } };
      const session = await this.completion.issueSession(tx, user, [...caller.step.amr, 'otp', 'mfa']);
      return { body: { recoveryCodes, ...(session.outcome as object) }, session };
    });
  }

  /** Turns the second factor off, with a current code; refused (403) where the role requires one. */
  async disable(command: Command): Promise<MfaStatusView> {
    const caller = command.actor;
    const { code } = command.parse(totpCodeSchema);
    const now = this.clock.now();
    const outcome = await this.unitOfWork.run(async (tx): Promise<MfaStatusView | ProblemException> => {
      const user = await this.lock(tx, caller.id);
      if (this.policy.mfaRequired(user)) {
        return problems.forbidden('Your role requires a second factor: it cannot be turned off.');
      }
      if (!user.totpEnabledAt) return problems.conflict('No second factor is enabled.');
      // Guessing codes here is throttled like signing in: a stolen session cannot brute-force it.
      const throttle = new LoginThrottle(tx, user.username, clientAddress(), now);
      const state = await throttle.check();
      if (state.locked)
        return problems.tooManyRequests(state.retryAfterSeconds, 'Too many wrong codes. Wait and try again.');
      if (!(await this.secondFactor.verify(tx, user, code, now))) {
        const failure = await throttle.recordFailure();
        await this.audit.append(tx, {
          actor: user,
          action: 'auth.mfa_failed',
          entityType: 'user',
          entityId: user.id,
          after: { username: user.username, failures: failure.failures, purpose: 'disable' },
        });
        return failure.lockedForSeconds
          ? problems.tooManyRequests(failure.lockedForSeconds, 'Too many wrong codes. Wait and try again.')
          : wrongCode();
      }
      await this.clear(tx, user.id);
      await this.audit.append(tx, {
        actor: user,
        action: 'auth.mfa_disable',
        entityType: 'user',
        entityId: user.id,
        before: { mfa: true },
        after: { mfa: false },
      });
      return { enabled: false, required: false };
    });
    if (outcome instanceof ProblemException) throw outcome;
    return outcome;
  }

  /**
   * The security administrator removes someone's second factor (a lost phone): their sessions end,
   * and where the role requires one they enrol again at the next sign-in. Never one's own.
   */
  async reset(userId: string, command: Command): Promise<MfaStatusView> {
    const { actor } = command;
    if (actor.id === userId) {
      throw problems.unprocessable([
        { field: 'id', code: 'self', message: 'Another security administrator must reset your own second factor' },
      ]);
    }
    const now = this.clock.now();
    return this.unitOfWork.run(async (tx) => {
      const user = await this.lock(tx, userId);
      const enabled = user.totpEnabledAt !== null;
      await this.clear(tx, user.id);
      const ended = await this.completion.endOtherSessions(tx, user.id, undefined, now);
      await this.audit.append(tx, {
        actor,
        action: 'auth.mfa_reset',
        entityType: 'user',
        entityId: user.id,
        departmentId: user.departmentId,
        before: { mfa: enabled },
        after: { mfa: false, sessionsEnded: ended },
      });
      return { enabled: false, required: this.policy.mfaRequired(user) };
    });
  }

  status(user: Pick<User, 'role' | 'demo' | 'totpEnabledAt'>): MfaStatusView {
    return { enabled: user.totpEnabledAt !== null, required: this.policy.mfaRequired(user) };
  }

  private async lock(tx: EntityManager, userId: string): Promise<User> {
    const user = await this.secondFactor.lockUser(tx, userId);
    if (!user) throw problems.notFound('user');
    return user;
  }

  private async clear(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(
      `UPDATE app_user SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL,
                           totp_last_step = NULL WHERE id = $1`,
      [userId],
    );
    await this.recoveryCodes.removeAll(tx, userId);
  }
}
