import { ROLES } from '@zibo/domain';
import { navItemsFor } from './nav-items';

describe('Side navigation by permission', () => {
  const paths = (role: (typeof ROLES)[number]) => navItemsFor(role).map((item) => item.path);

  it('offers every role but the security administrator the dashboard, the tasks and the focus areas', () => {
    for (const role of ROLES.filter((r) => r !== 'security_admin')) {
      expect(paths(role)).toEqual(expect.arrayContaining(['/dashboard', '/tasks', '/focus-areas']));
    }
  });

  it('offers the system administrator user and department management, and not the audit log', () => {
    expect(paths('admin')).toEqual([
      '/home',
      '/dashboard',
      '/tasks',
      '/plan-drift',
      '/bulletins',
      '/focus-areas',
      '/admin/users',
      '/admin/departments',
      '/admin/calendar',
    ]);
  });

  it('offers the security administrator the accounts and the focus areas only: no task, dashboard or audit log', () => {
    expect(paths('security_admin')).toEqual([
      '/home',
      '/focus-areas',
      '/admin/users',
      '/admin/security/policy',
      '/admin/security/sso-mappings',
    ]);
  });

  it.each(['dept_head', 'dept_staff'] as const)('offers %s neither admin, audit nor ledger pages', (role) => {
    expect(paths(role)).toEqual(['/home', '/dashboard', '/tasks', '/plan-drift', '/bulletins', '/focus-areas']);
  });

  it('offers the committee the ledger and the ranking, not the audit log', () => {
    expect(paths('committee')).toEqual([
      '/home',
      '/review-queue',
      '/dashboard',
      '/tasks',
      '/plan-drift',
      '/ledger',
      '/ranking',
      '/bulletins',
      '/focus-areas',
    ]);
  });

  it('offers the auditor the ledger, the ranking and the audit log, not the admin pages', () => {
    expect(paths('auditor')).toEqual([
      '/home',
      '/review-queue',
      '/dashboard',
      '/tasks',
      '/plan-drift',
      '/ledger',
      '/ranking',
      '/bulletins',
      '/audit',
      '/focus-areas',
    ]);
  });

  it('follows the permissions, not the role name', () => {
    const items = [{ path: '/audit', label: 'nav.audit', icon: 'fact_check', permissions: ['audit:read' as const] }];

    expect(navItemsFor('auditor', items).map((i) => i.path)).toEqual(['/audit']);
    expect(navItemsFor('admin', items)).toEqual([]);
    expect(navItemsFor('committee', items)).toEqual([]);
  });

  it('shows an entry to anyone holding one of its permissions', () => {
    const items = [
      {
        path: '/tasks',
        label: 'nav.tasks',
        icon: 'x',
        permissions: ['tasks:read-all' as const, 'tasks:read-own-department' as const],
      },
    ];

    expect(navItemsFor('dept_staff', items)).toHaveLength(1);
    expect(navItemsFor('auditor', items)).toHaveLength(1);
  });
});
