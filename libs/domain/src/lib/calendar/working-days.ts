import type { BusinessDate } from '../time/business-time';

/** How a date departs from the Monday–Friday week: a day off (假日), or a make-up working day (调休上班). */
export type CalendarDayKind = 'holiday' | 'workday';
export const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = ['holiday', 'workday'];

/** The admin-maintained exceptions to the Monday–Friday week, by date. */
export interface WorkingCalendar {
  readonly exceptions: ReadonlyMap<BusinessDate, CalendarDayKind>;
}

/** A calendar from a list of exceptions (a later entry for the same date wins). */
export function workingCalendar(days: readonly { date: BusinessDate; kind: CalendarDayKind }[]): WorkingCalendar {
  return { exceptions: new Map(days.map((d) => [d.date, d.kind])) };
}

/** Day of the week of a calendar date, 0 = Sunday … 6 = Saturday (the date is zone-free). */
function weekday(date: BusinessDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The calendar date `days` after `date` (negative: before). */
export function addCalendarDays(date: BusinessDate, days: number): BusinessDate {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

/**
 * Whether people work on `date`: Monday–Friday unless the calendar makes it a holiday, and a
 * weekend day the calendar makes a working day (调休).
 */
export function isWorkingDay(date: BusinessDate, calendar: WorkingCalendar): boolean {
  const exception = calendar.exceptions.get(date);
  if (exception) return exception === 'workday';
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

// A year has well over 200 working days; a search this long means a calendar of holidays only.
const SEARCH_LIMIT_DAYS = 3660;

/**
 * The date `count` working days after `date` (count ≥ 0); with 0, `date` itself when it is a
 * working day, else the next working day. "Within 3 working days of Friday" ends on Wednesday.
 */
export function addWorkingDays(date: BusinessDate, count: number, calendar: WorkingCalendar): BusinessDate {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0: ${count}`);
  let current = date;
  let left = count;
  if (left === 0) return nextWorkingDay(current, calendar, true);
  for (let step = 0; left > 0; step++) {
    if (step > SEARCH_LIMIT_DAYS) throw new RangeError('The calendar has no working days ahead');
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, calendar)) left--;
  }
  return current;
}

/** The first working day on or after (`inclusive`) or strictly after `date`. */
export function nextWorkingDay(date: BusinessDate, calendar: WorkingCalendar, inclusive = false): BusinessDate {
  let current = inclusive ? date : addCalendarDays(date, 1);
  for (let step = 0; !isWorkingDay(current, calendar); step++) {
    if (step > SEARCH_LIMIT_DAYS) throw new RangeError('The calendar has no working days ahead');
    current = addCalendarDays(current, 1);
  }
  return current;
}

/** Working days in (from, to]: 0 when `to` ≤ `from`. */
export function workingDaysBetween(from: BusinessDate, to: BusinessDate, calendar: WorkingCalendar): number {
  let count = 0;
  for (let current = addCalendarDays(from, 1); current <= to; current = addCalendarDays(current, 1)) {
    if (isWorkingDay(current, calendar)) count++;
  }
  return count;
}
