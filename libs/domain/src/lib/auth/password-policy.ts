import type { FieldError } from '../common/problem';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../common/text-limits';

export interface PasswordPolicyContext {
  /** The account's username: a password containing it (in any case) is refused. */
  username: string;
  /** The field to name in errors (`password`, `newPassword`). */
  field: string;
  /**
   * Whether the lower-cased password is on a list of common passwords. The api passes a real list
   * (@zxcvbn-ts/language-common); the web app, which does not ship the list, passes nothing.
   */
  isCommon?: (lowerCasedPassword: string) => boolean;
}

/**
 * The password rules of ASVS 5.0 V6.2 (mapped to 等保 2.0 身份鉴别 a, "complexity"): at least 12
 * characters, at most 128, not a common password, not containing the username — and no composition
 * rules (no "must contain a digit"). Returns the violations, empty when the password is acceptable.
 */
export function passwordPolicyErrors(password: string, context: PasswordPolicyContext): FieldError[] {
  const { field } = context;
  if (password.length < PASSWORD_MIN_LENGTH) {
    return [{ field, code: 'too_small', message: `At least ${PASSWORD_MIN_LENGTH} characters` }];
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return [{ field, code: 'too_big', message: `At most ${PASSWORD_MAX_LENGTH} characters` }];
  }
  const lower = password.toLowerCase();
  const username = context.username.trim().toLowerCase();
  if (username.length > 0 && lower.includes(username)) {
    return [{ field, code: 'contains_username', message: 'Must not contain the username' }];
  }
  if (context.isCommon?.(lower)) {
    return [{ field, code: 'common_password', message: 'Too common: choose a password others do not use' }];
  }
  return [];
}
