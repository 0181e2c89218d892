import * as z from 'zod';
import { PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT } from './problem';

/** `?limit=&cursor=` of every list (rules.md): default 50, at most 500. */
export const pageQueryShape = {
  limit: z.coerce
    .number({ message: 'Must be a number' })
    .int('Must be a whole number')
    .min(1, 'At least 1')
    .max(PAGE_MAX_LIMIT, `At most ${PAGE_MAX_LIMIT}`)
    .default(PAGE_DEFAULT_LIMIT),
  cursor: z.string().max(500).optional(),
};
