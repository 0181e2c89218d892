import type { HttpRequest } from '@angular/common/http';

export const API_PREFIX = '/api/';
export const AUTH_PREFIX = '/api/auth/';
export const LOGIN_PATH = '/api/auth/login';
export const LOGIN_MFA_PATH = '/api/auth/login/mfa';
export const REFRESH_PATH = '/api/auth/refresh';
export const LOGOUT_PATH = '/api/auth/logout';
export const AUTH_POLICY_PATH = '/api/auth/policy';
export const OIDC_CONFIG_PATH = '/api/auth/oidc/config';
/** A full-page navigation (not an XHR): the provider's pages take over the browser. */
export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';
export const PASSWORD_PATH = '/api/me/password';
export const TOTP_PATH = '/api/me/mfa/totp';
/** Requests the app makes by itself (polling) say so: they do not keep an idle session alive. */
export const BACKGROUND_HEADER = 'X-Background';
export const ME_PATH = '/api/me';
export const HEALTH_PATH = '/api/health';

export function isApiRequest(request: HttpRequest<unknown>): boolean {
  return request.url.startsWith(API_PREFIX);
}
