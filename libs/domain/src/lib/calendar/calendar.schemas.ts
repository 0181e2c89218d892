import * as z from 'zod';
import { TEXT_LIMITS } from '../common/text-limits';
import { optionalText } from '../validation/common.schemas';
import { dateSchema } from '../validation/date-range';
import type { CalendarDayKind } from './working-days';

/** The `:date` of the calendar's routes. */
export const calendarDateSchema = dateSchema;
export const calendarDateParam = z.strictObject({ date: calendarDateSchema });

/** `PUT /api/calendar/holidays/:date`: marks a date a holiday or a make-up working day. */
export const setCalendarDaySchema = z.strictObject({
  kind: z.enum(['holiday', 'workday'] satisfies CalendarDayKind[]),
  name: optionalText(TEXT_LIMITS.name).optional(),
});
export type SetCalendarDayInput = z.output<typeof setCalendarDaySchema>;

export const listCalendarDaysQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'A year such as 2026')
    .transform(Number)
    .refine((year) => year >= 1900 && year <= 2100, 'Between 1900 and 2100')
    .optional(),
});

export interface CalendarDayView {
  date: string;
  kind: CalendarDayKind;
  /** The holiday it belongs to (春节, 国庆节 …), also on its make-up working days. */
  name: string;
  updatedAt: string;
}
