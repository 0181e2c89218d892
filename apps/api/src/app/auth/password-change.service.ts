import { Inject, Injectable } from '@nestjs/common';
import { type FieldError, changePasswordSchema } from '@zibo/domain';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { ProblemException, problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher, PasswordPolicy } from '../credentials';
import { SecondFactor } from './second-factor';
import { clientAddress } from './sign-in.service';
import { type SignInResult, SignInCompletion } from './sign-in-completion';

/**
 * A user changes their own password: signed in (with the current password; the other sessions end),
 * or as the forced step of a sign-in (with the change token; then sign-in goes on).
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly secondFactor: SecondFactor,
    private readonly completion: SignInCompletion,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns the next sign-in step for a forced change, nothing for a signed-in user's own change. */
  async change(command: Command): Promise<SignInResult | null> {
    const caller = command.actor;
    const input = command.parse(changePasswordSchema);
    const forced = caller.step?.purpose === 'password-change' ? caller.step : undefined;
    if (!forced && input.currentPassword === undefined) {
      throw problems.invalid([{ field: 'currentPassword', code: 'required', message: 'Required' }]);
    }
    const newHash = await this.hasher.hash(input.newPassword);
    const now = this.clock.now();
    const outcome = await this.unitOfWork.run(async (tx): Promise<SignInResult | null | ProblemException> => {
      const user = await this.secondFactor.lockUser(tx, caller.id);
      if (!user) return problems.unauthenticated();
      const actor = { id: user.id, role: user.role, departmentId: user.departmentId };
      if (input.currentPassword !== undefined) {
        // Guessing the current password here is throttled exactly like signing in.
        const throttle = new LoginThrottle(tx, user.username, clientAddress(), now);
        const state = await throttle.check();
        if (state.locked)
          return problems.tooManyRequests(state.retryAfterSeconds, 'Too many wrong passwords. Wait and try again.');
        if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
          const failure = await throttle.recordFailure();
          await this.audit.append(tx, {
            actor,
            action: 'auth.password_change_failed',
            entityType: 'user',
            entityId: user.id,
            after: { failures: failure.failures },
          });
          return failure.lockedForSeconds
            ? problems.tooManyRequests(failure.lockedForSeconds, 'Too many wrong passwords. Wait and try again.')
            : problems.unprocessable([
                { field: 'currentPassword', code: 'wrong_password', message: 'Not your current password' },
              ]);
        }
      }
      const errors: FieldError[] = this.policy.errors(input.newPassword, user.username, 'newPassword');
      if (errors.length === 0 && (await this.hasher.verify(user.passwordHash, input.newPassword))) {
        errors.push({
          field: 'newPassword',
          code: 'same_as_current',
          message: 'Choose a password other than the current one',
        });
      }
      if (errors.length) return problems.unprocessable(errors);

      await tx.query(
        'UPDATE app_user SET password_hash = $2, must_change_password = false, password_changed_at = $3 WHERE id = $1',
        [user.id, newHash, now],
      );
      user.passwordChangedAt = now;
      user.mustChangePassword = false;
      const ended = await this.completion.endOtherSessions(tx, user.id, caller.sessionId, now);
      await this.audit.append(tx, {
        actor,
        action: 'auth.password_change',
        entityType: 'user',
        entityId: user.id,
        after: { reason: forced ? (forced.passwordChangeReason ?? 'initial') : 'self', sessionsEnded: ended },
      });
      if (!forced) return null;
      return this.completion.next(tx, user, { amr: forced.amr, passwordChange: null });
    });
    if (outcome instanceof ProblemException) throw outcome;
    return outcome;
  }
}
