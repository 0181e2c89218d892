import type { CalendarDayView } from '@zibo/domain';

/** The calendar page's form: a date, what it becomes, and the holiday it belongs to. */
export interface CalendarDayFormValues {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export const EMPTY_CALENDAR_DAY: CalendarDayFormValues = { date: '', kind: 'holiday', name: '' };

/** The PUT body: an empty name is left out. */
export function calendarDayBody(values: CalendarDayFormValues): { kind: 'holiday' | 'workday'; name?: string } {
  const name = values.name.trim();
  return name ? { kind: values.kind, name } : { kind: values.kind };
}

/** The list after a day was set: replaced in place or added, by date. */
export function withDay(days: readonly CalendarDayView[], day: CalendarDayView): CalendarDayView[] {
  return [...days.filter((d) => d.date !== day.date), day].sort((a, b) => a.date.localeCompare(b.date));
}

/** Day of the week of a YYYY-MM-DD date, 0 = Sunday (the date is a calendar date, not an instant). */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The year a date in the form belongs to, or null while it is not a whole date. */
export function yearOf(date: string): number | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.slice(0, 4)) : null;
}
