import type { EntityManager } from 'typeorm';

export const LOCK_WINDOW_MS = 15 * 60 * 1000;
/** Failures 1–5 of one (username, address) pair answer 401; the 6th locks the pair for the window. */
export const PAIR_MAX_FAILURES = 5;
/** Across every address a username locks only after 20 failures in the window (the 21st locks it). */
export const USERNAME_MAX_FAILURES = 20;

export type ThrottleState = { locked: true; retryAfterSeconds: number } | { locked: false };

export interface FailureRecord {
  /** Failures of this pair within the window, this one included. */
  failures: number;
  /** Failures of the username from every address within the window. */
  usernameFailures: number;
  /** Set when this failure locked the pair or the username: seconds until it may try again. */
  lockedForSeconds: number | null;
  lockedScope: 'pair' | 'username' | null;
}

/**
 * Sign-in throttling kept in PostgreSQL, so every api process shares it (docs/rules.md, sign-in): per
 * (submitted username, client address) pair, and per username across addresses with a higher limit,
 * so one attacker cannot lock a user out everywhere. Both rows are locked FOR UPDATE for the rest of
 * the sign-in transaction (username first, always): concurrent attempts are counted one after the
 * other, never lost. Second-factor failures count like wrong passwords.
 */
export class LoginThrottle {
  constructor(
    private readonly tx: EntityManager,
    private readonly username: string,
    private readonly address: string,
    private readonly now: Date,
  ) {}

  async check(): Promise<ThrottleState> {
    await this.tx.query('INSERT INTO login_throttle (username) VALUES ($1) ON CONFLICT (username) DO NOTHING', [
      this.username,
    ]);
    await this.tx.query(
      'INSERT INTO login_pair_throttle (username, address) VALUES ($1, $2) ON CONFLICT (username, address) DO NOTHING',
      [this.username, this.address],
    );
    const byName: { locked_until: Date | null }[] = await this.tx.query(
      'SELECT locked_until FROM login_throttle WHERE username = $1 FOR UPDATE',
      [this.username],
    );
    const byPair: { locked_until: Date | null }[] = await this.tx.query(
      'SELECT locked_until FROM login_pair_throttle WHERE username = $1 AND address = $2 FOR UPDATE',
      [this.username, this.address],
    );
    const until = Math.max(byName[0]?.locked_until?.getTime() ?? 0, byPair[0]?.locked_until?.getTime() ?? 0);
    if (until > this.now.getTime()) {
      return { locked: true, retryAfterSeconds: Math.ceil((until - this.now.getTime()) / 1000) };
    }
    return { locked: false };
  }

  /** Records a failure; returns the lock it triggered, if this was one too many. */
  async recordFailure(): Promise<FailureRecord> {
    const windowStart = new Date(this.now.getTime() - LOCK_WINDOW_MS);
    // Wrapped in a SELECT: TypeORM returns a bare UPDATE … RETURNING as [rows, count].
    const pair: { failures: number }[] = await this.tx.query(
      `WITH counted AS (
         UPDATE login_pair_throttle
            SET failures = array_append(ARRAY(SELECT f FROM unnest(failures) AS f WHERE f > $3), $4::timestamptz)
          WHERE username = $1 AND address = $2
          RETURNING cardinality(failures) AS failures)
       SELECT failures FROM counted`,
      [this.username, this.address, windowStart, this.now],
    );
    const name: { failures: number }[] = await this.tx.query(
      `WITH counted AS (
         UPDATE login_throttle
            SET failures = array_append(ARRAY(SELECT f FROM unnest(failures) AS f WHERE f > $2), $3::timestamptz)
          WHERE username = $1
          RETURNING cardinality(failures) AS failures)
       SELECT failures FROM counted`,
      [this.username, windowStart, this.now],
    );
    const failures = pair[0]?.failures ?? 1;
    const usernameFailures = name[0]?.failures ?? 1;
    const lockedUntil = new Date(this.now.getTime() + LOCK_WINDOW_MS);
    let lockedScope: FailureRecord['lockedScope'] = null;
    if (usernameFailures > USERNAME_MAX_FAILURES) {
      await this.tx.query("UPDATE login_throttle SET locked_until = $2, failures = '{}' WHERE username = $1", [
        this.username,
        lockedUntil,
      ]);
      lockedScope = 'username';
    }
    if (failures > PAIR_MAX_FAILURES) {
      await this.tx.query(
        "UPDATE login_pair_throttle SET locked_until = $3, failures = '{}' WHERE username = $1 AND address = $2",
        [this.username, this.address, lockedUntil],
      );
      lockedScope ??= 'pair';
    }
    return {
      failures,
      usernameFailures,
      lockedForSeconds: lockedScope ? LOCK_WINDOW_MS / 1000 : null,
      lockedScope,
    };
  }

  /**
   * A success clears this pair's failures. The username's count across addresses stays: a spray
   * from many addresses is not forgiven because the real user signed in meanwhile.
   */
  async reset(): Promise<void> {
    await this.tx.query(
      "UPDATE login_pair_throttle SET failures = '{}', locked_until = NULL WHERE username = $1 AND address = $2",
      [this.username, this.address],
    );
  }
}
