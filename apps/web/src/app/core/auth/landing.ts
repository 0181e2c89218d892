import { hasAnyPermission, hasPermission, type Role, TASK_READ_PERMISSIONS } from '@zibo/domain';

/**
 * The first page after sign-in: the to-do inbox (待办), which every role has. Without it (no role
 * yet has none): the overview for those who oversee everything, the own task list for departments,
 * the accounts for whoever reads no task, else the notifications.
 */
export function landingPath(role: Role | undefined): string {
  if (!role) {
    return '/tasks';
  }
  if (hasPermission(role, 'inbox:read')) {
    return '/home';
  }
  if (hasPermission(role, 'tasks:read-all') && hasPermission(role, 'dashboard:read')) {
    return '/dashboard';
  }
  if (hasAnyPermission(role, TASK_READ_PERMISSIONS)) {
    return '/tasks';
  }
  return hasPermission(role, 'users:read') ? '/admin/users' : '/notifications';
}
