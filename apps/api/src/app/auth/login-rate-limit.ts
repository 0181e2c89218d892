import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { problems } from '../../core/problems/problem.exception';

const WINDOW_MS = 60_000;

/**
 * LOGIN_RATE_PER_MINUTE sign-in attempts per client address and minute, counted in PostgreSQL so
 * every api process shares one count (the per-process memory of @nestjs/throttler did not). Fixed
 * one-minute windows: a burst across a window boundary may reach twice the limit, which is fine for
 * a limit meant to slow password spraying. Counted in a statement of its own, outside the sign-in
 * transaction, so sign-ins from one address (an office behind one proxy) are not serialised on it.
 */
@Injectable()
export class LoginRateLimit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one attempt from `address`; throws 429 with Retry-After once the minute's limit is spent. */
  async hit(address: string, now: Date): Promise<void> {
    const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
    const rows: { attempts: number }[] = await this.dataSource.query(
      `WITH counted AS (
         INSERT INTO login_address_rate AS r (address, window_start, attempts) VALUES ($1, $2, 1)
         ON CONFLICT (address, window_start) DO UPDATE SET attempts = r.attempts + 1
         RETURNING attempts),
       forgotten AS (DELETE FROM login_address_rate WHERE address = $1 AND window_start < $3)
       SELECT attempts FROM counted`,
      [address.slice(0, 64), windowStart, new Date(windowStart.getTime() - WINDOW_MS)],
    );
    if ((rows[0]?.attempts ?? 0) > this.config.loginRatePerMinute) {
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
      throw problems.tooManyRequests(retryAfter, 'Too many sign-in attempts from this address. Wait and try again.');
    }
  }
}
