import type { Role } from './roles';

/**
 * Every capability the product checks. Code asks `hasPermission(role, 'x')`,
 * never `role === 'y'`, so the role table below is the single place to read who may do what.
 */
export const PERMISSIONS = [
  'users:read',
  'users:create',
  'users:edit-profile',
  'users:reset-password',
  'users:set-role',
  'users:lock',
  'users:reset-mfa',
  'departments:manage',
  'calendar:manage',
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
  'security-policy:manage',
  'inbox:read',
  'reports:hand-over',
  'review-queue:read',
  'tasks:receive',
  'tasks:insist',
  'urges:create',
  'urges:acknowledge',
  'urges:respond',
  'notices:issue',
  'notices:respond',
  'directives:issue',
  'directives:respond',
  'tasks:request-close',
  'tasks:reject-close',
  'bulletins:manage',
  'bulletins:read',
  'comments:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// 三员分立: the system administrator keeps accounts and reference data, the security administrator
// decides who may do what, the auditor reads the record of both. No permission is in two of them,
// except reading users (both administrators work on accounts) and what every signed-in user has.
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Creates accounts (department roles only), edits names, departments and e-mail, resets
  // passwords; reads tasks and dashboards; never reads or exports the audit log.
  admin: [
    'users:read',
    'users:create',
    'users:edit-profile',
    'users:reset-password',
    'departments:manage',
    'calendar:manage',
    'reference:read',
    'tasks:read-all',
    'dashboard:read',
    'profile:update',
    'notifications:read',
    'inbox:read',
    'bulletins:read',
  ],
  // Grants roles, locks and unlocks, resets second factors; reads no task and edits no business data.
  security_admin: [
    'users:read',
    'users:set-role',
    'users:lock',
    'users:reset-mfa',
    // the policy page and the single sign-on mapping table (claim → role and department)
    'security-policy:manage',
    'reference:read',
    'profile:update',
    'notifications:read',
    'inbox:read',
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
    'inbox:read',
    'review-queue:read',
    'tasks:insist',
    'urges:create',
    'notices:issue',
    'directives:issue',
    'tasks:reject-close',
    'bulletins:manage',
    'bulletins:read',
    'comments:write',
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
    'inbox:read',
    'tasks:receive',
    'urges:acknowledge',
    'urges:respond',
    'notices:respond',
    'directives:respond',
    'tasks:request-close',
    'bulletins:read',
    'comments:write',
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
    'inbox:read',
    'reports:hand-over',
    'urges:acknowledge',
    'bulletins:read',
    'comments:write',
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
    'inbox:read',
    'review-queue:read',
    'bulletins:read',
  ],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** Either of these lets a role read tasks (all of them, or its department's); without both it reads none. */
export const TASK_READ_PERMISSIONS: readonly Permission[] = ['tasks:read-all', 'tasks:read-own-department'];

/** Whether a role holds at least one of `permissions`. */
export function hasAnyPermission(role: Role, permissions: readonly Permission[]): boolean {
  return permissions.some((permission) => hasPermission(role, permission));
}
