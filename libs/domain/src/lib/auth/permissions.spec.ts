import { hasAnyPermission, hasPermission, type Permission, PERMISSIONS, TASK_READ_PERMISSIONS } from './permissions';
import { ROLES, type Role } from './roles';

describe('Role permissions (the contract’s role table)', () => {
  const table: [Permission, Role[]][] = [
    ['users:read', ['admin', 'security_admin']],
    ['users:create', ['admin']],
    ['users:edit-profile', ['admin']],
    ['users:reset-password', ['admin']],
    ['users:set-role', ['security_admin']],
    ['users:lock', ['security_admin']],
    ['users:reset-mfa', ['security_admin']],
    ['security-policy:manage', ['security_admin']],
    ['departments:manage', ['admin']],
    ['calendar:manage', ['admin']],
    ['tasks:receive', ['dept_head']],
    ['tasks:insist', ['committee']],
    ['urges:create', ['committee']],
    ['urges:acknowledge', ['dept_head', 'dept_staff']],
    ['urges:respond', ['dept_head']],
    ['notices:issue', ['committee']],
    ['notices:respond', ['dept_head']],
    ['directives:issue', ['committee']],
    ['directives:respond', ['dept_head']],
    ['tasks:request-close', ['dept_head']],
    ['tasks:reject-close', ['committee']],
    ['reference:read', ['admin', 'security_admin', 'committee', 'dept_head', 'dept_staff', 'auditor']],
    ['tasks:read-all', ['admin', 'committee', 'auditor']],
    ['tasks:read-own-department', ['dept_head', 'dept_staff']],
    ['dashboard:read', ['admin', 'committee', 'dept_head', 'dept_staff', 'auditor']],
    ['audit:read', ['auditor']],
    ['audit:export', ['auditor']],
    ['ledger:read', ['committee', 'auditor']],
    ['tasks:create', ['committee']],
    ['tasks:edit', ['committee']],
    ['tasks:assign', ['committee']],
    ['tasks:complete', ['committee']],
    ['tasks:cancel', ['committee']],
    ['tasks:amend', ['committee']],
    ['amendments:decide', ['committee']],
    ['reports:review', ['committee']],
    ['amendments:propose', ['dept_head']],
    ['milestones:mark-done', ['dept_head']],
    ['reports:draft', ['dept_head', 'dept_staff']],
    ['reports:submit', ['dept_head']],
    ['contributions:draft', ['dept_head', 'dept_staff']],
    ['contributions:submit', ['dept_head']],
    ['attachments:upload', ['dept_head', 'dept_staff']],
    ['reports:hand-over', ['dept_staff']],
    ['review-queue:read', ['committee', 'auditor']],
    ['bulletins:manage', ['committee']],
    ['bulletins:read', ['admin', 'committee', 'dept_head', 'dept_staff', 'auditor']],
    ['comments:write', ['committee', 'dept_head', 'dept_staff']],
  ];

  it.each(table)('%s is granted to exactly %j', (permission, roles) => {
    expect(ROLES.filter((role) => hasPermission(role, permission))).toEqual(roles);
  });

  it('covers every permission in the table above or the everyone-rules below', () => {
    const covered = new Set([...table.map(([p]) => p), 'profile:update', 'notifications:read', 'inbox:read']);
    expect(PERMISSIONS.filter((p) => !covered.has(p))).toEqual([]);
  });

  it('lets every role read its notifications and its to-do inbox and set its own preferences', () => {
    for (const role of ROLES) {
      expect(hasPermission(role, 'profile:update')).toBe(true);
      expect(hasPermission(role, 'notifications:read')).toBe(true);
      expect(hasPermission(role, 'inbox:read')).toBe(true);
    }
  });
});

describe('Separation of the three administrators (三员分立)', () => {
  const ADMINISTRATORS = ['admin', 'security_admin', 'auditor'] as const;
  // What every signed-in user may do; reading accounts, which both account keepers need; and reading
  // the work itself, which the contract gives the system administrator and the auditor alike.
  const SHARED: Permission[] = [
    'profile:update',
    'notifications:read',
    'inbox:read',
    'reference:read',
    'users:read',
    'tasks:read-all',
    'dashboard:read',
    // A published bulletin (督查通报) is read by every business role, like the dashboard.
    'bulletins:read',
  ];
  const duties = (role: Role) => PERMISSIONS.filter((p) => hasPermission(role, p) && !SHARED.includes(p));

  it.each(ADMINISTRATORS.flatMap((a) => ADMINISTRATORS.filter((b) => a < b).map((b) => [a, b] as const)))(
    '%s and %s share no duty',
    (a, b) => {
      expect(duties(a).filter((p) => duties(b).includes(p))).toEqual([]);
    },
  );

  it('keeps the audit log from the system administrator and the security administrator', () => {
    for (const role of ['admin', 'security_admin'] as const) {
      expect(hasPermission(role, 'audit:read')).toBe(false);
      expect(hasPermission(role, 'audit:export')).toBe(false);
    }
  });

  it('gives the security administrator no task, dashboard or business data', () => {
    expect(hasAnyPermission('security_admin', TASK_READ_PERMISSIONS)).toBe(false);
    expect(hasPermission('security_admin', 'dashboard:read')).toBe(false);
    expect(hasPermission('security_admin', 'departments:manage')).toBe(false);
    expect(hasPermission('security_admin', 'users:edit-profile')).toBe(false);
  });

  it('lets the auditor change nothing: reading and exporting only', () => {
    expect(duties('auditor')).toEqual(['audit:read', 'audit:export', 'ledger:read', 'review-queue:read']);
  });
});
