import type { Route } from '@angular/router';

export const USERS_ROUTES: Route[] = [
  { path: '', loadComponent: () => import('./users-page').then((m) => m.UsersPage) },
];
