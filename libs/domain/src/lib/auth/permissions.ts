import type { Role } from './roles';

/**
 * Every capability the product checks. Code asks `hasPermission(role, 'x')`,
 * never `role === 'y'`, so the role table below is the single place to read who may do what.
 */
export const PERMISSIONS = [
  'users:manage',
  'departments:manage',
  'reference:read',
  'tasks:read-all',
  'tasks:read-own-department',
  'dashboard:read',
  'audit:read',
  'audit:export',
  'ledger:read',
  'profile:update',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'users:manage',
    'departments:manage',
    'reference:read',
    'tasks:read-all',
    'dashboard:read',
    'audit:read',
    'audit:export',
    'profile:update',
  ],
  committee: ['reference:read', 'tasks:read-all', 'dashboard:read', 'ledger:read', 'profile:update'],
  dept_head: ['reference:read', 'tasks:read-own-department', 'dashboard:read', 'profile:update'],
  dept_staff: ['reference:read', 'tasks:read-own-department', 'dashboard:read', 'profile:update'],
  auditor: [
    'reference:read',
    'tasks:read-all',
    'dashboard:read',
    'audit:read',
    'audit:export',
    'ledger:read',
    'profile:update',
  ],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
