import type { Role } from './roles';

/**
 * Every capability the product checks. Code asks `hasPermission(role, 'x')`,
 * never `role === 'y'`, so the role table below is the single place to read who may do what.
 */
export const PERMISSIONS = [
  'users:manage',
  // Resetting another user's second factor (安全管理员's duty; granted to admin until that role exists).
  'mfa:reset',
  'departments:manage',
  'reference:read',
  'tasks:read-all',
  'tasks:read-own-department',
  'dashboard:read',
  'audit:read',
  'audit:export',
  'ledger:read',
  'profile:update',
  'tasks:create',
  'tasks:edit',
  'tasks:assign',
  'tasks:complete',
  'tasks:cancel',
  'tasks:amend',
  'amendments:propose',
  'amendments:decide',
  'milestones:mark-done',
  'reports:draft',
  'reports:submit',
  'reports:review',
  'contributions:draft',
  'contributions:submit',
  'attachments:upload',
  'notifications:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'users:manage',
    'mfa:reset',
    'departments:manage',
    'reference:read',
    'tasks:read-all',
    'dashboard:read',
    'audit:read',
    'audit:export',
    'profile:update',
    'notifications:read',
  ],
  committee: [
    'reference:read',
    'tasks:read-all',
    'dashboard:read',
    'ledger:read',
    'profile:update',
    'tasks:create',
    'tasks:edit',
    'tasks:assign',
    'tasks:complete',
    'tasks:cancel',
    'tasks:amend',
    'amendments:decide',
    'reports:review',
    'notifications:read',
  ],
  // Object-level rules narrow these further: lead department vs co-owning department (task-rules.ts).
  dept_head: [
    'reference:read',
    'tasks:read-own-department',
    'dashboard:read',
    'profile:update',
    'amendments:propose',
    'milestones:mark-done',
    'reports:draft',
    'reports:submit',
    'contributions:draft',
    'contributions:submit',
    'attachments:upload',
    'notifications:read',
  ],
  dept_staff: [
    'reference:read',
    'tasks:read-own-department',
    'dashboard:read',
    'profile:update',
    'reports:draft',
    'contributions:draft',
    'attachments:upload',
    'notifications:read',
  ],
  auditor: [
    'reference:read',
    'tasks:read-all',
    'dashboard:read',
    'audit:read',
    'audit:export',
    'ledger:read',
    'profile:update',
    'notifications:read',
  ],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
