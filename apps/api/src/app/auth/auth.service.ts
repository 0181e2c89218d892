import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginInput, LoginResponse } from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { ProblemException, problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit/audit-writer.service';
import { User } from '../users/user.entity';
import { toUserView } from '../users/user.view';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher.service';

export interface TokenPayload {
  sub: string;
  /** The user's session version at issue time. */
  sv: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Signs in. The attempt, its throttle bookkeeping and its audit event commit together even when
   * the answer is an error, so failures are counted and recorded; the error is thrown afterwards.
   */
  async login(input: LoginInput): Promise<LoginResponse> {
    const username = input.username.trim().toLowerCase();
    const outcome = await this.unitOfWork.run(async (tx) => {
      const throttle = new LoginThrottle(tx, username, new Date());
      const state = await throttle.check();
      if (state.locked) {
        await this.audit.append(tx, {
          actor: null,
          action: 'auth.login_blocked',
          entityType: 'user',
          entityId: null,
          after: { username },
        });
        return problems.tooManyRequests(
          state.retryAfterSeconds,
          'Too many failed sign-ins for this account. Wait and try again.',
        );
      }

      const user = await tx
        .getRepository(User)
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        .where('user.username = :username', { username })
        .getOne();
      const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, input.password);

      if (!passwordOk || !user) {
        const { failures, lockedForSeconds } = await throttle.recordFailure();
        await this.audit.append(tx, {
          actor: null,
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          departmentId: user?.departmentId ?? null,
          after: { username, failures },
        });
        return lockedForSeconds
          ? problems.tooManyRequests(lockedForSeconds, 'Too many failed sign-ins for this account. Wait and try again.')
          : problems.unauthenticated('Wrong username or password.');
      }

      await throttle.reset();
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
      await this.audit.append(tx, {
        actor: { id: user.id, role: user.role, departmentId: user.departmentId },
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
      });
      return user;
    });

    if (outcome instanceof ProblemException) throw outcome;
    const expiresAt = new Date(Date.now() + this.config.tokenTtlMinutes * 60_000);
    const payload: TokenPayload = { sub: outcome.id, sv: outcome.sessionVersion };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.tokenTtlMinutes * 60 });
    return { accessToken, expiresAt: expiresAt.toISOString(), user: toUserView(outcome) };
  }
}
