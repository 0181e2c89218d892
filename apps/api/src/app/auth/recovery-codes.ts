import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuthKeys } from './auth-keys';

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `abcde-fghjk`, `ABCDE FGHJK`, `0O`/`1Il` confusions → the canonical `ABCDEFGHJK`. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * Ten single-use recovery codes per enrolled user, 50 random bits each (`XXXXX-XXXXX`), shown once
 * and stored only as keyed hashes. Guessing one online is throttled like a password.
 */
@Injectable()
export class RecoveryCodes {
  constructor(private readonly keys: AuthKeys) {}

  /** Replaces the user's codes with ten new ones and returns them (the only time they are seen). */
  async replace(tx: EntityManager, userId: string, now: Date): Promise<string[]> {
    await tx.query('DELETE FROM mfa_recovery_code WHERE user_id = $1', [userId]);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      return `${chars.slice(0, 5)}-${chars.slice(5)}`;
    });
    for (const code of codes) {
      await tx.query('INSERT INTO mfa_recovery_code (user_id, code_hash, created_at) VALUES ($1, $2, $3)', [
        userId,
        this.keys.recoveryCodeHash(normaliseRecoveryCode(code)),
        now,
      ]);
    }
    return codes;
  }

  /** Uses up a code: true when it was one of the user's unused codes (then never again). */
  async consume(tx: EntityManager, userId: string, code: string, now: Date): Promise<boolean> {
    const normalised = normaliseRecoveryCode(code);
    if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(normalised)) return false;
    const rows: { code_hash: string }[] = await tx.query(
      `WITH used AS (
         UPDATE mfa_recovery_code SET used_at = $3
          WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash)
       SELECT code_hash FROM used`,
      [userId, this.keys.recoveryCodeHash(normalised), now],
    );
    return rows.length > 0;
  }

  async remaining(tx: EntityManager, userId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query(
      'SELECT count(*)::int AS n FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL',
      [userId],
    );
    return rows[0]?.n ?? 0;
  }

  async removeAll(tx: EntityManager, userId: string): Promise<void> {
    await tx.query('DELETE FROM mfa_recovery_code WHERE user_id = $1', [userId]);
  }
}
