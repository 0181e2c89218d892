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

/**
 * A new password: long enough, nothing else about its shape (ASVS 5.0: no composition rules).
 * The rules that need more than the text — the common list, the username — are in password-policy.ts.
 */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters`);

/** A one-time code: six TOTP digits or a recovery code (`XXXXX-XXXXX`); spaces are ignored. */
export const oneTimeCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().min(1, 'Required').max(32, 'At most 32 characters'));

/** Step tokens are JWTs the api issued moments before; anything longer is not one. */
const stepTokenSchema = z.string().min(1, 'Required').max(2048, 'At most 2048 characters');

export const loginMfaSchema = z.strictObject({
  mfaToken: stepTokenSchema,
  code: oneTimeCodeSchema,
});
export type LoginMfaInput = z.output<typeof loginMfaSchema>;

/**
 * `PUT /api/me/password`. `currentPassword` is required when signed in; a forced change (with the
 * change token sign-in gave out moments after checking the password) may leave it out.
 */
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters`).optional(),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

/** Confirming or disabling a second factor. */
export const totpCodeSchema = z.strictObject({
  code: oneTimeCodeSchema,
});
export type TotpCodeInput = z.output<typeof totpCodeSchema>;

export const updateMeSchema = z.strictObject({
  language: z.enum(LANGUAGES),
});
export type UpdateMeInput = z.output<typeof updateMeSchema>;
