import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { isApiError } from '../api/api-error';
import { isApiRequest } from '../api/api-paths';
import { HANDLES_UNAUTHORIZED } from './auth-context';
import { AuthService } from './auth.service';
import { signInTree } from './sign-in-redirect';

/** Sends the bearer token to the api; a 401 means the session is over: back to sign-in. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const router = inject(Router);
  const token = auth.token();
  const authorized = token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

  return next(authorized).pipe(
    catchError((error: unknown) => {
      if (isApiError(error, 401) && !request.context.get(HANDLES_UNAUTHORIZED)) {
        auth.signOut();
        // Several calls can fail together; one redirect is enough.
        if (!router.url.startsWith('/login')) {
          void router.navigateByUrl(signInTree(router, router.url, 'expired'));
        }
      }
      return throwError(() => error);
    }),
  );
};
