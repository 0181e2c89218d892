import type { HttpRequest } from '@angular/common/http';

export const API_PREFIX = '/api/';
export const LOGIN_PATH = '/api/auth/login';
export const ME_PATH = '/api/me';
export const HEALTH_PATH = '/api/health';

export function isApiRequest(request: HttpRequest<unknown>): boolean {
  return request.url.startsWith(API_PREFIX);
}
