import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { User } from '../users';
import { AuthKeys } from './auth-keys';
import { RecoveryCodes } from './recovery-codes';
import { Totp } from './totp';

export type SecondFactorUsed = { method: 'totp' } | { method: 'recovery'; remaining: number };

/**
 * Checks a code against a user's enrolled second factor: six digits are a TOTP code (accepted once:
 * its time step is recorded), anything else a recovery code (used up). Call with the user row locked.
 */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly keys: AuthKeys,
    private readonly totp: Totp,
    private readonly recoveryCodes: RecoveryCodes,
  ) {}

  /** The user with the secret columns, locked for the rest of the transaction. */
  lockUser(tx: EntityManager, userId: string): Promise<User | null> {
    return tx
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect(['user.passwordHash', 'user.totpSecret', 'user.totpPendingSecret', 'user.totpLastStep'])
      .where('user.id = :userId', { userId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async verify(tx: EntityManager, user: User, code: string, now: Date): Promise<SecondFactorUsed | null> {
    if (!user.totpSecret) return null;
    if (/^\d{6}$/.test(code)) {
      const step = await this.totp.verify(this.keys.open(user.totpSecret), code, user.totpLastStep);
      if (step === null) return null;
      await tx.query('UPDATE app_user SET totp_last_step = $2 WHERE id = $1', [user.id, step]);
      user.totpLastStep = step;
      return { method: 'totp' };
    }
    if (!(await this.recoveryCodes.consume(tx, user.id, code, now))) return null;
    return { method: 'recovery', remaining: await this.recoveryCodes.remaining(tx, user.id) };
  }
}
