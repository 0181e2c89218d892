import type { Route } from '@angular/router';
import { TASK_READ_PERMISSIONS } from '@zibo/domain';
import { authGuard, landingRedirect, permissionGuard } from './core/auth/auth.guards';

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
      // Every role starts on its to-do inbox (待办); see landing.ts.
      { path: '', pathMatch: 'full', redirectTo: landingRedirect },
      {
        path: 'home',
        title: 'nav.home',
        canMatch: [permissionGuard('inbox:read')],
        loadComponent: () => import('./features/inbox/home-page').then((m) => m.HomePage),
      },
      {
        path: 'review-queue',
        title: 'nav.reviewQueue',
        canMatch: [permissionGuard('review-queue:read')],
        loadComponent: () => import('./features/inbox/review-queue-page').then((m) => m.ReviewQueuePage),
      },
      {
        path: 'dashboard',
        title: 'nav.dashboard',
        canMatch: [permissionGuard('dashboard:read')],
        loadChildren: () => import('./features/dashboard/dashboard.routes').then((m) => m.DASHBOARD_ROUTES),
      },
      {
        path: 'tasks',
        title: 'nav.tasks',
        canMatch: [permissionGuard(...TASK_READ_PERMISSIONS)],
        loadChildren: () => import('./features/tasks/tasks.routes').then((m) => m.TASKS_ROUTES),
      },
      {
        path: 'plan-drift',
        title: 'nav.planDrift',
        canMatch: [permissionGuard(...TASK_READ_PERMISSIONS)],
        loadComponent: () => import('./features/amendments/plan-drift-page').then((m) => m.PlanDriftPage),
      },
      {
        path: 'bulletins',
        title: 'nav.bulletins',
        canMatch: [permissionGuard('bulletins:read')],
        loadComponent: () => import('./features/bulletins/bulletins-page').then((m) => m.BulletinsPage),
      },
      {
        path: 'bulletins/:id',
        title: 'nav.bulletins',
        canMatch: [permissionGuard('bulletins:read')],
        loadComponent: () => import('./features/bulletins/bulletin-page').then((m) => m.BulletinPage),
      },
      {
        path: 'notifications',
        title: 'nav.notifications',
        canMatch: [permissionGuard('notifications:read')],
        loadComponent: () => import('./features/notifications/notifications-page').then((m) => m.NotificationsPage),
      },
      {
        path: 'focus-areas',
        title: 'nav.focusAreas',
        canMatch: [permissionGuard('reference:read')],
        loadChildren: () => import('./features/focus-areas/focus-areas.routes').then((m) => m.FOCUS_AREAS_ROUTES),
      },
      {
        path: 'audit',
        title: 'nav.audit',
        canMatch: [permissionGuard('audit:read')],
        loadChildren: () => import('./features/audit/audit.routes').then((m) => m.AUDIT_ROUTES),
      },
      {
        path: 'ledger',
        title: 'nav.ledger',
        canMatch: [permissionGuard('ledger:read')],
        loadComponent: () => import('./features/ledger/ledger-page').then((m) => m.LedgerPage),
      },
      {
        path: 'ranking',
        title: 'nav.ranking',
        canMatch: [permissionGuard('ledger:read')],
        loadComponent: () => import('./features/ledger/ranking-page').then((m) => m.RankingPage),
      },
      {
        path: 'account/security',
        title: 'security.title',
        loadComponent: () => import('./features/auth/security-page').then((m) => m.SecurityPage),
      },
      {
        path: 'admin/users',
        title: 'nav.users',
        canMatch: [permissionGuard('users:read')],
        loadChildren: () => import('./features/users/users.routes').then((m) => m.USERS_ROUTES),
      },
      {
        path: 'admin/security',
        canMatch: [permissionGuard('security-policy:manage')],
        loadChildren: () =>
          import('./features/security-admin/security-admin.routes').then((m) => m.SECURITY_ADMIN_ROUTES),
      },
      {
        path: 'admin/departments',
        title: 'nav.departments',
        canMatch: [permissionGuard('departments:manage')],
        loadChildren: () => import('./features/departments/departments.routes').then((m) => m.DEPARTMENTS_ROUTES),
      },
      {
        path: 'admin/calendar',
        title: 'nav.calendar',
        canMatch: [permissionGuard('calendar:manage')],
        loadChildren: () => import('./features/calendar/calendar.routes').then((m) => m.CALENDAR_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
