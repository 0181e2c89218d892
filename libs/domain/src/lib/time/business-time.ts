import { DateTime } from 'luxon';

/** A calendar date 'YYYY-MM-DD' in business time. */
export type BusinessDate = string;

export const DEFAULT_BUSINESS_TZ = 'Asia/Shanghai';

/**
 * The calendar date of an instant in the business time zone. Deadlines, "today" and overdue are
 * computed with this, never with the server's or the database's zone.
 */
export function businessDateOf(instant: Date, timeZone: string = DEFAULT_BUSINESS_TZ): BusinessDate {
  // The zone's calendar straight from Intl (a formatter per zone, kept): a dashboard asks this of
  // every task, and luxon's DateTime costs several times more. Years outside 1000–9999 (luxon's
  // ISO form differs there) and anything Intl refuses go through luxon, as before.
  const time = instant.getTime();
  if (time > MIN_FAST_INSTANT && time < MAX_FAST_INSTANT) {
    const parts = dateFormatter(timeZone)?.formatToParts(instant);
    if (parts) {
      let year = '';
      let month = '';
      let day = '';
      for (const part of parts) {
        if (part.type === 'year') year = part.value;
        else if (part.type === 'month') month = part.value;
        else if (part.type === 'day') day = part.value;
      }
      if (year.length === 4 && month.length === 2 && day.length === 2) return `${year}-${month}-${day}`;
    }
  }
  const date = DateTime.fromJSDate(instant, { zone: timeZone }).toISODate();
  if (!date) throw new Error(`Invalid instant or time zone: ${timeZone}`);
  return date;
}

/** 1000-01-02 and 9999-12-30 UTC: a day inside the four-digit years in any zone. */
const MIN_FAST_INSTANT = Date.UTC(1000, 0, 2);
const MAX_FAST_INSTANT = Date.UTC(9999, 11, 30);
const dateFormatters = new Map<string, Intl.DateTimeFormat | null>();
function dateFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = dateFormatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'iso8601',
        numberingSystem: 'latn',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      formatter = null; // an unknown zone: luxon says so
    }
    dateFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The instant a business date starts (00:00 in the business zone). */
export function startOfBusinessDate(date: BusinessDate, timeZone: string = DEFAULT_BUSINESS_TZ): Date {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  if (!start.isValid) throw new Error(`Invalid business date: ${date}`);
  return start.toJSDate();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  // Plain dates, the usual case: UTC midnights, no DateTime (a dashboard asks this of every overdue task).
  const start = plainDateMillis(from);
  const end = plainDateMillis(to);
  if (start !== null && end !== null) return Math.round((end - start) / 86_400_000);
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** UTC midnight of a real 'YYYY-MM-DD' date (not 2026-02-30, which Date.parse rolls over); else null. */
function plainDateMillis(date: string): number | null {
  if (!PLAIN_DATE.test(date)) return null;
  const millis = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(millis) && new Date(millis).toISOString().startsWith(date) ? millis : null;
}
