import { hasAnyPermission, hasPermission, type Role, TASK_READ_PERMISSIONS } from '@zibo/domain';

/**
 * The first page after sign-in: the overview for those who oversee everything (committee, auditor,
 * administrator), the own task list for departments, the accounts for whoever reads no task
 * (the security administrator), else the notifications, which every role has.
 */
export function landingPath(role: Role | undefined): string {
  if (!role) {
    return '/tasks';
  }
  if (hasPermission(role, 'tasks:read-all') && hasPermission(role, 'dashboard:read')) {
    return '/dashboard';
  }
  if (hasAnyPermission(role, TASK_READ_PERMISSIONS)) {
    return '/tasks';
  }
  return hasPermission(role, 'users:read') ? '/admin/users' : '/notifications';
}
