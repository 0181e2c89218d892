import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Marks a request whose 401 the caller handles itself (sign-in: wrong password; session restore:
 * the guard redirects), so the interceptor does not also navigate.
 */
export const HANDLES_UNAUTHORIZED = new HttpContextToken<boolean>(() => false);

export function handlesUnauthorized(): HttpContext {
  return new HttpContext().set(HANDLES_UNAUTHORIZED, true);
}
