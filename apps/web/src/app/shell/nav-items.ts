import { hasPermission, type Permission, type Role } from '@zibo/domain';

export interface NavItem {
  path: string;
  /** Translation key of the label. */
  label: string;
  /** Material icon ligature. */
  icon: string;
  /** The permission that makes the page useful; the route's guard checks the same one. */
  permission: Permission;
}

/** The side navigation, in display order. A new page adds one line here and its route. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/focus-areas', label: 'nav.focusAreas', icon: 'flag', permission: 'reference:read' },
  { path: '/admin/users', label: 'nav.users', icon: 'manage_accounts', permission: 'users:manage' },
  { path: '/admin/departments', label: 'nav.departments', icon: 'apartment', permission: 'departments:manage' },
];

export function navItemsFor(role: Role, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => hasPermission(role, item.permission));
}
