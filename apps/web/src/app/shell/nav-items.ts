import { hasAnyPermission, type Permission, type Role, TASK_READ_PERMISSIONS } from '@zibo/domain';

export interface NavItem {
  path: string;
  /** Translation key of the label. */
  label: string;
  /** Material icon ligature. */
  icon: string;
  /** Any of these permissions makes the page useful; the route's guard checks the same ones. */
  permissions: readonly Permission[];
  /** Shows the to-do count (navigation badge). */
  badge?: 'inbox' | 'reviews';
}

/** The side navigation, in display order. A new page adds one line here and its route. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/home', label: 'nav.home', icon: 'inbox', permissions: ['inbox:read'], badge: 'inbox' },
  {
    path: '/review-queue',
    label: 'nav.reviewQueue',
    icon: 'rate_review',
    permissions: ['review-queue:read'],
    badge: 'reviews',
  },
  { path: '/dashboard', label: 'nav.dashboard', icon: 'dashboard', permissions: ['dashboard:read'] },
  { path: '/tasks', label: 'nav.tasks', icon: 'assignment', permissions: TASK_READ_PERMISSIONS },
  { path: '/plan-drift', label: 'nav.planDrift', icon: 'edit_calendar', permissions: TASK_READ_PERMISSIONS },
  { path: '/ledger', label: 'nav.ledger', icon: 'table_view', permissions: ['ledger:read'] },
  { path: '/ranking', label: 'nav.ranking', icon: 'leaderboard', permissions: ['ledger:read'] },
  { path: '/bulletins', label: 'nav.bulletins', icon: 'campaign', permissions: ['bulletins:read'] },
  { path: '/audit', label: 'nav.audit', icon: 'fact_check', permissions: ['audit:read'] },
  { path: '/focus-areas', label: 'nav.focusAreas', icon: 'flag', permissions: ['reference:read'] },
  { path: '/admin/users', label: 'nav.users', icon: 'manage_accounts', permissions: ['users:read'] },
  { path: '/admin/departments', label: 'nav.departments', icon: 'apartment', permissions: ['departments:manage'] },
  { path: '/admin/calendar', label: 'nav.calendar', icon: 'calendar_month', permissions: ['calendar:manage'] },
  {
    path: '/admin/security/policy',
    label: 'nav.securityPolicy',
    icon: 'policy',
    permissions: ['security-policy:manage'],
  },
  {
    path: '/admin/security/sso-mappings',
    label: 'nav.ssoMappings',
    icon: 'hub',
    permissions: ['security-policy:manage'],
  },
];

export function navItemsFor(role: Role, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => hasAnyPermission(role, item.permissions));
}
