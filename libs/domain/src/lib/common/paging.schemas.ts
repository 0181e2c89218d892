import * as z from 'zod';
import { PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT } from './problem';

/** `?limit=&cursor=` of every list (docs/rules.md): default 50, at most 500. */
export const pageQueryShape = {
  limit: z.coerce
    .number({ message: 'Must be a number' })
    .int('Must be a whole number')
    .min(1, 'At least 1')
    .max(PAGE_MAX_LIMIT, `At most ${PAGE_MAX_LIMIT}`)
    .default(PAGE_DEFAULT_LIMIT),
  // A token this list issued (base64url); its content is checked by the list that reads it.
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,500}$/, 'Not a cursor this list issued')
    .optional(),
};
