import type { HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { isApiError } from '../api/api-error';
import { AUTH_PREFIX, BACKGROUND_HEADER, isApiRequest } from '../api/api-paths';
import { HANDLES_UNAUTHORIZED } from './auth-context';
import { AuthService } from './auth.service';

/**
 * Sends the access token to the api and counts requests the user started as activity. On a 401
 * the token is refreshed once and the request sent again; when the session has ended the app goes
 * to sign-in. A sign-in step's own token (set by the caller) is left as it is.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const ownToken = request.headers.has('Authorization');
  const authEndpoint = request.url.startsWith(AUTH_PREFIX);
  if (!authEndpoint && !request.headers.has(BACKGROUND_HEADER)) {
    auth.recordActivity();
  }
  const send = (original: HttpRequest<unknown>) => {
    const token = auth.token();
    return next(ownToken || !token ? original : original.clone({ setHeaders: { Authorization: `Bearer ${token}` } }));
  };

  return send(request).pipe(
    catchError((error: unknown) => {
      if (!isApiError(error, 401) || ownToken || authEndpoint || request.context.get(HANDLES_UNAUTHORIZED)) {
        return throwError(() => error);
      }
      return from(auth.refresh()).pipe(
        switchMap((renewed) => {
          if (!renewed) {
            auth.sessionEnded('expired');
            return throwError(() => error);
          }
          return send(request).pipe(
            catchError((again: unknown) => {
              if (isApiError(again, 401)) auth.sessionEnded('expired');
              return throwError(() => again);
            }),
          );
        }),
      );
    }),
  );
};
