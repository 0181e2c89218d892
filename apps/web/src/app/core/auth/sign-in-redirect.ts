import type { Router, UrlTree } from '@angular/router';

/** Why the user lands on the sign-in page without having asked for it. */
export type SignInReason = 'expired' | 'offline' | 'idle';

/** The sign-in page, remembering where the user was going (only in-app paths, never a URL). */
export function signInTree(router: Router, returnUrl: string | null, reason?: SignInReason): UrlTree {
  const queryParams: Record<string, string> = {};
  if (returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('/login') && returnUrl !== '/') {
    queryParams['returnUrl'] = returnUrl;
  }
  if (reason) {
    queryParams['reason'] = reason;
  }
  return router.createUrlTree(['/login'], { queryParams });
}

/** Where to go after signing in: the remembered in-app path, else the start page (chosen by role at `/`). */
export function afterSignInUrl(returnUrl: string | null): string {
  // `//host` would leave the app; only single-slash paths are ours.
  if (returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/login')) {
    return returnUrl;
  }
  return '/';
}
