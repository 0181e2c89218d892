import { inject } from '@angular/core';
import { type CanMatchFn, Router } from '@angular/router';
import type { Permission } from '@zibo/domain';
import { catchError, map, of } from 'rxjs';
import { isApiError } from '../api/api-error';
import { AuthService } from './auth.service';
import { landingPath } from './landing';
import { signInTree } from './sign-in-redirect';

function targetUrl(router: Router): string {
  return router.currentNavigation()?.extractedUrl.toString() ?? router.url;
}

/**
 * Lets the signed-in through; after a reload it first restores the session through the refresh
 * cookie. canMatch (not canActivate) so it runs before the children's permission checks, which
 * need the profile.
 */
export const authGuard: CanMatchFn = () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (auth.signedIn()) {
    return true;
  }
  const returnUrl = targetUrl(router);
  return auth.restore().pipe(
    map(() => true),
    catchError((error: unknown) => {
      // The service could not answer (its reads were already retried): keep the cookie for later.
      if (isApiError(error) && error.isServiceUnavailable) {
        return of(signInTree(router, returnUrl, 'offline'));
      }
      auth.endLocally();
      return of(signInTree(router, returnUrl));
    }),
  );
};

/** Only for users whose role grants one of `permissions`; others go to their start page. */
export function permissionGuard(...permissions: Permission[]): CanMatchFn {
  return () => {
    const auth = inject(AuthService);
    return permissions.some((permission) => auth.can(permission)) || inject(Router).createUrlTree(['/']);
  };
}

/** The start page by role, for the empty path. */
export const landingRedirect = (): string => landingPath(inject(AuthService).me()?.role);
