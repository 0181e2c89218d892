import { hasPermission, type Role } from '@zibo/domain';

/**
 * The first page after sign-in: the overview for those who oversee everything (committee, auditor,
 * administrator), the own task list for departments.
 */
export function landingPath(role: Role | undefined): string {
  if (!role) {
    return '/tasks';
  }
  return hasPermission(role, 'tasks:read-all') && hasPermission(role, 'dashboard:read') ? '/dashboard' : '/tasks';
}
