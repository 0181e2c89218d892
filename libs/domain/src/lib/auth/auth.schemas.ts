import * as z from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, TEXT_LIMITS } from '../common/text-limits';
import { LANGUAGES } from '../common/languages';
import { cleanString } from '../validation/clean-text';

// The password is exempt from the text rule: it is compared byte for byte, never shown or stored.
export const loginSchema = z.strictObject({
  username: cleanString()
    .trim()
    .min(1, 'Required')
    .max(TEXT_LIMITS.username, `At most ${TEXT_LIMITS.username} characters`),
  password: z.string().min(1, 'Required').max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters`),
});
export type LoginInput = z.output<typeof loginSchema>;

/** A new password: long enough, and mixing letters with digits or symbols. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((value) => /[A-Za-z]/.test(value) && /[^A-Za-z]/.test(value), {
    message: 'Must mix letters with digits or symbols',
  });

export const updateMeSchema = z.strictObject({
  language: z.enum(LANGUAGES),
});
export type UpdateMeInput = z.output<typeof updateMeSchema>;
