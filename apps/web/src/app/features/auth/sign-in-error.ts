import { isApiError } from '../../core/api/api-error';
import { type ErrorMessage, errorMessage, minutesToWait } from '../../core/feedback/error-message';

/** What the sign-in page says when signing in fails. */
export function signInErrorMessage(error: unknown): ErrorMessage {
  if (isApiError(error, 401)) {
    return { key: 'login.wrongCredentials' };
  }
  // At sign-in a 403 means an administrator locked the account (the only refusal after a right password).
  if (isApiError(error, 403)) {
    return { key: 'login.accountLocked' };
  }
  if (isApiError(error, 429)) {
    return { key: 'login.lockedOut', params: { minutes: minutesToWait(error.retryAfterSeconds) } };
  }
  return errorMessage(error);
}
