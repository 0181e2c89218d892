import { hasPermission, type Permission, PERMISSIONS } from './permissions';
import { ROLES, type Role } from './roles';

describe('Role permissions (the contract’s role table)', () => {
  const table: [Permission, Role[]][] = [
    ['users:manage', ['admin']],
    ['mfa:reset', ['admin']],
    ['departments:manage', ['admin']],
    ['reference:read', ['admin', 'committee', 'dept_head', 'dept_staff', 'auditor']],
    ['tasks:read-all', ['admin', 'committee', 'auditor']],
    ['tasks:read-own-department', ['dept_head', 'dept_staff']],
    ['audit:read', ['admin', 'auditor']],
    ['audit:export', ['admin', 'auditor']],
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
  ];

  it.each(table)('%s is granted to exactly %j', (permission, roles) => {
    expect(ROLES.filter((role) => hasPermission(role, permission))).toEqual(roles);
  });

  it('covers every permission in the table above or the everyone-rules below', () => {
    const covered = new Set([...table.map(([p]) => p), 'dashboard:read', 'profile:update', 'notifications:read']);
    expect(PERMISSIONS.filter((p) => !covered.has(p))).toEqual([]);
  });

  it('lets every role read the dashboard, its notifications and set its own preferences', () => {
    for (const role of ROLES) {
      expect(hasPermission(role, 'dashboard:read')).toBe(true);
      expect(hasPermission(role, 'profile:update')).toBe(true);
      expect(hasPermission(role, 'notifications:read')).toBe(true);
    }
  });
});
