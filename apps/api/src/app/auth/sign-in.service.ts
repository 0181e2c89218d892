import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoginInput, LoginMfaInput, PasswordChangeReason } from '@zibo/domain';
import { Clock, SESSION_CLOCK } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { ProblemException, problems } from '../../core/problems/problem.exception';
import { currentRequestContext } from '../../core/request-context/request-context';
import { AuditWriter } from '../audit';
import { User } from '../users';
import { AccessTokens, type StepClaims } from './access-tokens';
import { AccountPolicy, PasswordHasher } from '../credentials';
import { LoginRateLimit } from './login-rate-limit';
import { type FailureRecord, LoginThrottle } from './login-throttle';
import { SecondFactor } from './second-factor';
import { type SignInResult, SignInCompletion } from './sign-in-completion';

const LOCKED_DETAIL = 'Too many failed sign-ins for this account. Wait and try again.';

/** The client address that counts (TRUST_PROXY decides whether X-Forwarded-For is believed). */
export const clientAddress = () => currentRequestContext()?.ip ?? 'unknown';

/**
 * The first two steps of signing in: the password, then (when enrolled) the second factor. Each
 * attempt, its throttle bookkeeping and its audit events commit together even when the answer is an
 * error, so failures are counted and recorded; the error is thrown afterwards.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly rateLimit: LoginRateLimit,
    private readonly policy: AccountPolicy,
    private readonly secondFactor: SecondFactor,
    private readonly completion: SignInCompletion,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {}

  async login(input: LoginInput): Promise<SignInResult> {
    const username = input.username.trim().toLowerCase();
    const address = clientAddress();
    const now = this.clock.now();
    await this.rateLimit.hit(address, now);
    const outcome = await this.unitOfWork.run(async (tx): Promise<SignInResult | ProblemException> => {
      const throttle = new LoginThrottle(tx, username, address, now);
      const blocked = await this.blocked(tx, throttle, username);
      if (blocked) return blocked;

      const user = await tx
        .getRepository(User)
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        .where('user.username = :username', { username })
        .getOne();
      const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, input.password);
      if (!passwordOk || !user) {
        const failure = await throttle.recordFailure();
        await this.recordFailure(tx, 'auth.login_failed', username, user, failure);
        return this.failureProblem(failure, 'Wrong username or password.');
      }

      if (user.locked) {
        await this.audit.append(tx, {
          actor: null,
          action: 'auth.login_refused_locked',
          entityType: 'user',
          entityId: user.id,
          departmentId: user.departmentId,
          after: { username },
        });
        return new ProblemException(
          403,
          'account-locked',
          'Account locked',
          'An administrator has locked this account.',
        );
      }
      if (this.hasher.needsRehash(user.passwordHash)) {
        // Parameters were weaker when this hash was made: store one made with today's.
        await tx.query('UPDATE app_user SET password_hash = $2 WHERE id = $1', [
          user.id,
          await this.hasher.hash(input.password),
        ]);
      }
      const passwordChange = this.policy.passwordChangeReason(user, input.password, now);
      if (user.totpEnabledAt) {
        // The pair's failures are forgiven only once the second factor is given too: a known password
        // must not buy fresh guesses at the code.
        const mfaToken = await this.tokens.signStep('mfa', {
          sub: user.id,
          sv: user.sessionVersion,
          amr: ['pwd'],
          ...(passwordChange ? { pcr: passwordChange } : {}),
        });
        return { outcome: { mfaRequired: true, mfaToken } };
      }
      await throttle.reset();
      return this.completion.next(tx, user, { amr: ['pwd'], passwordChange });
    });
    if (outcome instanceof ProblemException) throw outcome;
    return outcome;
  }

  /** The second step: a TOTP code or a recovery code for the account the mfaToken names. */
  async loginWithCode(input: LoginMfaInput): Promise<SignInResult> {
    const address = clientAddress();
    const now = this.clock.now();
    await this.rateLimit.hit(address, now);
    // An expired token still names its user, so a late code counts as a failure like a wrong one.
    const claims = await this.tokens.verify<StepClaims>('mfa', input.mfaToken, { ignoreExpiration: true });
    if (!claims || typeof claims.sub !== 'string') throw problems.unauthenticated('Sign in again.');
    const expired = claims.exp * 1000 <= now.getTime();
    const outcome = await this.unitOfWork.run(async (tx): Promise<SignInResult | ProblemException> => {
      const user = await this.secondFactor.lockUser(tx, claims.sub);
      if (!user || user.locked || user.sessionVersion !== claims.sv || !user.totpSecret) {
        return problems.unauthenticated('Sign in again.');
      }
      const throttle = new LoginThrottle(tx, user.username, address, now);
      const blocked = await this.blocked(tx, throttle, user.username);
      if (blocked) return blocked;
      const used = expired ? null : await this.secondFactor.verify(tx, user, input.code, now);
      if (!used) {
        const failure = await throttle.recordFailure();
        await this.recordFailure(tx, 'auth.mfa_failed', user.username, user, failure, { expired });
        return this.failureProblem(
          failure,
          expired ? 'The sign-in took too long: start again.' : 'Wrong or already used code.',
        );
      }
      await throttle.reset();
      await this.audit.append(tx, {
        actor: { id: user.id, role: user.role, departmentId: user.departmentId },
        action: used.method === 'totp' ? 'auth.mfa_verified' : 'auth.recovery_code_used',
        entityType: 'user',
        entityId: user.id,
        after: used.method === 'recovery' ? { remaining: used.remaining } : { method: 'totp' },
      });
      const passwordChange = (claims.pcr as PasswordChangeReason | undefined) ?? null;
      // The first step's methods (a password, or the identity provider) and now the code.
      const amr = [...new Set([...(Array.isArray(claims.amr) ? claims.amr : ['pwd']), 'otp', 'mfa'])];
      return this.completion.next(tx, user, { amr, passwordChange });
    });
    if (outcome instanceof ProblemException) throw outcome;
    return outcome;
  }

  /** 429 before the password is even checked, while the pair or the username is locked. */
  private async blocked(
    tx: EntityManager,
    throttle: LoginThrottle,
    username: string,
  ): Promise<ProblemException | null> {
    const state = await throttle.check();
    if (!state.locked) return null;
    await this.audit.append(tx, {
      actor: null,
      action: 'auth.login_blocked',
      entityType: 'user',
      entityId: null,
      after: { username },
    });
    return problems.tooManyRequests(state.retryAfterSeconds, LOCKED_DETAIL);
  }

  private async recordFailure(
    tx: EntityManager,
    action: string,
    username: string,
    user: User | null,
    failure: FailureRecord,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.append(tx, {
      actor: null,
      action,
      entityType: 'user',
      entityId: user?.id ?? null,
      departmentId: user?.departmentId ?? null,
      after: { username, failures: failure.failures, ...extra },
    });
    if (failure.lockedScope) {
      await this.audit.append(tx, {
        actor: null,
        action: 'auth.login_locked',
        entityType: 'user',
        entityId: user?.id ?? null,
        departmentId: user?.departmentId ?? null,
        after: { username, scope: failure.lockedScope, seconds: failure.lockedForSeconds },
      });
    }
  }

  private failureProblem(failure: FailureRecord, detail: string): ProblemException {
    return failure.lockedForSeconds
      ? problems.tooManyRequests(failure.lockedForSeconds, LOCKED_DETAIL)
      : problems.unauthenticated(detail);
  }
}
