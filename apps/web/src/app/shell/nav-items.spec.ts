import { ROLES } from '@zibo/domain';
import { navItemsFor } from './nav-items';

describe('Side navigation by permission', () => {
  const paths = (role: (typeof ROLES)[number]) => navItemsFor(role).map((item) => item.path);

  it('offers every role the focus areas', () => {
    for (const role of ROLES) {
      expect(paths(role)).toContain('/focus-areas');
    }
  });

  it('offers the administrator user and department management', () => {
    expect(paths('admin')).toEqual(['/focus-areas', '/admin/users', '/admin/departments']);
  });

  it.each(['committee', 'dept_head', 'dept_staff', 'auditor'] as const)('hides the admin pages from %s', (role) => {
    expect(paths(role)).toEqual(['/focus-areas']);
  });

  it('follows the permission, not the role name', () => {
    const items = [{ path: '/audit', label: 'nav.audit', icon: 'fact_check', permission: 'audit:read' as const }];

    expect(navItemsFor('auditor', items).map((i) => i.path)).toEqual(['/audit']);
    expect(navItemsFor('admin', items).map((i) => i.path)).toEqual(['/audit']);
    expect(navItemsFor('committee', items)).toEqual([]);
  });
});
