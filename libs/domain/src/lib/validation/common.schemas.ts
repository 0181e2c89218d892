import * as z from 'zod';
import { TEXT_LIMITS } from '../common/text-limits';
import { cleanString } from './clean-text';

/** A required, trimmed text of at most `max` characters (after the text rule and NFC). */
export function requiredText(max: number) {
  return cleanString().trim().min(1, 'Required').max(max, `At most ${max} characters`);
}

export function optionalText(max: number) {
  return cleanString().trim().max(max, `At most ${max} characters`);
}

export const uuidSchema = z.uuid({ message: 'Must be a UUID' });

/** Lowercase letters, digits, dot, dash, underscore: usernames and department codes. */
export const codeSchema = cleanString()
  .trim()
  .min(2, 'At least 2 characters')
  .max(TEXT_LIMITS.code, `At most ${TEXT_LIMITS.code} characters`)
  .regex(/^[a-z][a-z0-9._-]*$/, 'Lowercase letters, digits, ".", "-" or "_", starting with a letter');
