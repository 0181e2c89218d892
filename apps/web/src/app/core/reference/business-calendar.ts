import { Injectable, computed, inject } from '@angular/core';
import { DEFAULT_BUSINESS_TZ, type MeView, businessDateOf, daysBetween } from '@zibo/domain';
import { AuthService } from '../auth/auth.service';

/** The business calendar the api computes periods, deadlines and overdue with (`/api/me` → `calendar`). */
export interface CalendarSettings {
  timeZone: string;
  reportDueDay: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** docs/rules.md defaults, only used before the profile is loaded (nothing computes with them then). */
export const DEFAULT_CALENDAR: CalendarSettings = { timeZone: DEFAULT_BUSINESS_TZ, reportDueDay: 5 };

/**
 * How far this device's clock is from the server's, in whole days: the server's "today" against this
 * device's business date when the profile arrived. Almost always 0; a laptop whose clock is off by
 * days would otherwise offer the wrong periods.
 */
export function clockSkewDays(calendar: MeView['calendar'], loadedAt: Date): number {
  return daysBetween(businessDateOf(loadedAt, calendar.timeZone), calendar.today);
}

/** Adds whole days to a calendar date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const shifted = new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
  return shifted.toISOString().slice(0, 10);
}

/**
 * "Now" and "today" as the api sees them, with the api's time zone and report due day. The api stays
 * the judge; the UI uses this to offer periods, show deadlines and bound date pickers.
 */
@Injectable({ providedIn: 'root' })
export class BusinessCalendar {
  private readonly auth = inject(AuthService);

  private readonly state = computed(() => {
    const calendar = this.auth.me()?.calendar;
    return calendar
      ? {
          settings: { timeZone: calendar.timeZone, reportDueDay: calendar.reportDueDay },
          skew: clockSkewDays(calendar, new Date()),
        }
      : { settings: DEFAULT_CALENDAR, skew: 0 };
  });

  readonly settings = computed(() => this.state().settings);

  /** The current instant, corrected by whole days when this device's date disagrees with the server's. */
  now(): Date {
    return new Date(Date.now() + this.state().skew * DAY_MS);
  }

  /** Today's business date (YYYY-MM-DD). */
  today(): string {
    return businessDateOf(this.now(), this.settings().timeZone);
  }
}
