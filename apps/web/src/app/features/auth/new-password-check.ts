import { PASSWORD_MIN_LENGTH, passwordPolicyErrors } from '@zibo/domain';

/**
 * What the password pages say before asking the api: the rules the web app can check itself
 * (length, the username). The common-password list is the api's (it answers 422 `common_password`).
 */
export function newPasswordProblem(password: string, repeated: string, username: string): string | null {
  const [error] = passwordPolicyErrors(password, { username, field: 'newPassword' });
  if (error?.code === 'too_small') return 'security.tooShort';
  if (error?.code === 'too_big') return 'validation.invalid';
  if (error?.code === 'contains_username') return 'security.containsUsername';
  if (password !== repeated) return 'security.mismatch';
  return null;
}

export { PASSWORD_MIN_LENGTH };
