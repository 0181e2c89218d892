import { inject } from '@angular/core';
import { type CanMatchFn, Router } from '@angular/router';
import type { Permission } from '@zibo/domain';
import { catchError, map, of } from 'rxjs';
import { isApiError } from '../api/api-error';
import { AuthService } from './auth.service';
import { signInTree } from './sign-in-redirect';

function targetUrl(router: Router): string {
  return router.currentNavigation()?.extractedUrl.toString() ?? router.url;
}

/**
 * Lets the signed-in through, restoring the profile after a reload. canMatch (not canActivate)
 * so it runs before the children's permission checks, which need the profile.
 */
export const authGuard: CanMatchFn = () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (auth.signedIn()) {
    return true;
  }
  if (!auth.hasToken()) {
    return signInTree(router, targetUrl(router));
  }
  const returnUrl = targetUrl(router);
  return auth.loadMe().pipe(
    map(() => true),
    catchError((error: unknown) => {
      if (isApiError(error) && error.isNetworkError) {
        return of(signInTree(router, returnUrl, 'offline'));
      }
      auth.signOut();
      return of(signInTree(router, returnUrl, isApiError(error, 401) ? 'expired' : undefined));
    }),
  );
};

/** Only for users whose role grants `permission`; others go to the default page. */
export function permissionGuard(permission: Permission): CanMatchFn {
  return () => {
    const auth = inject(AuthService);
    return auth.can(permission) || inject(Router).createUrlTree(['/focus-areas']);
  };
}
