import { Injectable } from '@nestjs/common';

/** The current instant. Injected so tests can pin "now" (deadlines, overdue, reminders). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests set by hand. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date): void {
    this.instant = instant;
  }
}

/**
 * The clock of sign-in and sessions (token times, idle and absolute limits, TOTP steps), apart from
 * the business Clock: tests that move business time by months keep their sessions, and session tests
 * move session time alone. Both are the system clock in production.
 */
export const SESSION_CLOCK = Symbol('SESSION_CLOCK');
