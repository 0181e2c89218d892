import type { Route } from '@angular/router';
import { permissionGuard } from '../../core/auth/auth.guards';

export const TASKS_ROUTES: Route[] = [
  { path: '', loadComponent: () => import('./tasks-page').then((m) => m.TasksPage) },
  {
    path: 'new',
    title: 'tasks.createTitle',
    canMatch: [permissionGuard('tasks:create')],
    loadComponent: () => import('./task-form-page').then((m) => m.TaskFormPage),
  },
  {
    path: ':id',
    title: 'tasks.detailTitle',
    loadComponent: () => import('./task-detail-page').then((m) => m.TaskDetailPage),
  },
  {
    path: ':id/edit',
    title: 'tasks.editTitle',
    canMatch: [permissionGuard('tasks:edit')],
    loadComponent: () => import('./task-form-page').then((m) => m.TaskFormPage),
  },
  {
    path: ':taskId/reports/new',
    title: 'reports.new',
    canMatch: [permissionGuard('reports:draft')],
    loadComponent: () => import('../progress/report-page').then((m) => m.ReportPage),
  },
  {
    path: ':taskId/reports/:reportId',
    title: 'reports.title',
    loadComponent: () => import('../progress/report-page').then((m) => m.ReportPage),
  },
  {
    path: ':taskId/contributions/new',
    title: 'contributions.new',
    canMatch: [permissionGuard('contributions:draft')],
    loadComponent: () => import('../contributions/contribution-page').then((m) => m.ContributionPage),
  },
];
