import * as z from 'zod';

/** The code of a field error for a date, time or period outside the years the app takes. */
export const DATE_RANGE = 'date_range';

/** Dates, times and periods the api accepts (docs/rules.md): years 1900 to 2100. */
export const DATE_RANGE_YEARS = { first: 1900, last: 2100 } as const;

/** Whether text that starts with a four-digit year (a date, time or period) lies in the range. */
export function yearInRange(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return year >= DATE_RANGE_YEARS.first && year <= DATE_RANGE_YEARS.last;
}

const rangeRefinement = {
  params: { code: DATE_RANGE },
  message: `Must be between ${DATE_RANGE_YEARS.first} and ${DATE_RANGE_YEARS.last}`,
};

/** A calendar date `YYYY-MM-DD` (business time zone) within the range. */
export const dateSchema = z.iso
  .date({ message: 'Must be a date YYYY-MM-DD', abort: true })
  .refine(yearInRange, rangeRefinement);

/** An instant in ISO 8601 with its offset, within the range. */
export const dateTimeSchema = z.iso
  .datetime({ offset: true, message: 'Must be an ISO 8601 time with offset', abort: true })
  .refine(yearInRange, rangeRefinement);

/** Adds the year range to a schema of text that starts with a year (periods, months). */
export function withYearInRange(schema: z.ZodString) {
  return schema.refine(yearInRange, rangeRefinement);
}
