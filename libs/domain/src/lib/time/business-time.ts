import { DateTime } from 'luxon';

/** A calendar date 'YYYY-MM-DD' in business time. */
export type BusinessDate = string;

export const DEFAULT_BUSINESS_TZ = 'Asia/Shanghai';

/**
 * The calendar date of an instant in the business time zone. Deadlines, "today" and overdue are
 * computed with this, never with the server's or the database's zone.
 */
export function businessDateOf(instant: Date, timeZone: string = DEFAULT_BUSINESS_TZ): BusinessDate {
  const date = DateTime.fromJSDate(instant, { zone: timeZone }).toISODate();
  if (!date) throw new Error(`Invalid instant or time zone: ${timeZone}`);
  return date;
}

/** The instant a business date starts (00:00 in the business zone). */
export function startOfBusinessDate(date: BusinessDate, timeZone: string = DEFAULT_BUSINESS_TZ): Date {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  if (!start.isValid) throw new Error(`Invalid business date: ${date}`);
  return start.toJSDate();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}
