import type { Route } from '@angular/router';
import { authGuard, permissionGuard } from './core/auth/auth.guards';

export const appRoutes: Route[] = [
  {
    path: 'login',
    title: 'login.title',
    loadChildren: () => import('./features/auth/auth.routes').then((m) => m.AUTH_ROUTES),
  },
  {
    path: '',
    canMatch: [authGuard],
    loadComponent: () => import('./shell/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'focus-areas' },
      {
        path: 'focus-areas',
        title: 'nav.focusAreas',
        canMatch: [permissionGuard('reference:read')],
        loadChildren: () => import('./features/focus-areas/focus-areas.routes').then((m) => m.FOCUS_AREAS_ROUTES),
      },
      {
        path: 'admin/users',
        title: 'nav.users',
        canMatch: [permissionGuard('users:manage')],
        loadChildren: () => import('./features/users/users.routes').then((m) => m.USERS_ROUTES),
      },
      {
        path: 'admin/departments',
        title: 'nav.departments',
        canMatch: [permissionGuard('departments:manage')],
        loadChildren: () => import('./features/departments/departments.routes').then((m) => m.DEPARTMENTS_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
