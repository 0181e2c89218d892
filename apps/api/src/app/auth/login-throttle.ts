import type { EntityManager } from 'typeorm';

export const LOCK_WINDOW_MS = 15 * 60 * 1000;
/** Failures 1–5 within the window answer 401; the 6th locks the name for the window. */
export const MAX_FAILURES = 5;

export type ThrottleState = { locked: true; retryAfterSeconds: number } | { locked: false };

/**
 * Per-username sign-in throttling kept in PostgreSQL, so every api process shares it.
 * The row is locked FOR UPDATE for the rest of the sign-in transaction: concurrent attempts on one
 * name are counted one after the other, never lost.
 */
export class LoginThrottle {
  constructor(
    private readonly tx: EntityManager,
    private readonly username: string,
    private readonly now: Date,
  ) {}

  async check(): Promise<ThrottleState> {
    await this.tx.query('INSERT INTO login_throttle (username) VALUES ($1) ON CONFLICT (username) DO NOTHING', [
      this.username,
    ]);
    const rows: { locked_until: Date | null }[] = await this.tx.query(
      'SELECT locked_until FROM login_throttle WHERE username = $1 FOR UPDATE',
      [this.username],
    );
    const lockedUntil = rows[0]?.locked_until;
    if (lockedUntil && lockedUntil.getTime() > this.now.getTime()) {
      return { locked: true, retryAfterSeconds: Math.ceil((lockedUntil.getTime() - this.now.getTime()) / 1000) };
    }
    return { locked: false };
  }

  /** Records a failure; returns the lock it triggered, if this was one too many. */
  async recordFailure(): Promise<{ failures: number; lockedForSeconds: number | null }> {
    const windowStart = new Date(this.now.getTime() - LOCK_WINDOW_MS);
    // Wrapped in a SELECT: TypeORM returns a bare UPDATE … RETURNING as [rows, count].
    const rows: { failures: number }[] = await this.tx.query(
      `WITH counted AS (
         UPDATE login_throttle
            SET failures = array_append(ARRAY(SELECT f FROM unnest(failures) AS f WHERE f > $2), $3::timestamptz)
          WHERE username = $1
          RETURNING cardinality(failures) AS failures)
       SELECT failures FROM counted`,
      [this.username, windowStart, this.now],
    );
    const failures = rows[0]?.failures ?? 1;
    if (failures <= MAX_FAILURES) return { failures, lockedForSeconds: null };
    const lockedUntil = new Date(this.now.getTime() + LOCK_WINDOW_MS);
    await this.tx.query('UPDATE login_throttle SET locked_until = $2, failures = $3 WHERE username = $1', [
      this.username,
      lockedUntil,
      '{}',
    ]);
    return { failures, lockedForSeconds: LOCK_WINDOW_MS / 1000 };
  }

  async reset(): Promise<void> {
    await this.tx.query("UPDATE login_throttle SET failures = '{}', locked_until = NULL WHERE username = $1", [
      this.username,
    ]);
  }
}
