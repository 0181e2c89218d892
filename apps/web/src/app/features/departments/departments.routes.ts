import type { Route } from '@angular/router';

export const DEPARTMENTS_ROUTES: Route[] = [
  { path: '', loadComponent: () => import('./departments-page').then((m) => m.DepartmentsPage) },
];
