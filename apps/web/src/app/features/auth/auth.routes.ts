import type { Route } from '@angular/router';

export const AUTH_ROUTES: Route[] = [
  { path: '', loadComponent: () => import('./login-page').then((m) => m.LoginPage) },
  { path: 'next', loadComponent: () => import('./sign-in-steps-page').then((m) => m.SignInStepsPage) },
];
