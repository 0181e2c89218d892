/**
 * The six roles of the contract. A user has exactly one, so the three administrator roles
 * (`admin`, `security_admin`, `auditor`: 三员分立) can never be combined in one account.
 */
export const ROLES = ['admin', 'security_admin', 'committee', 'dept_head', 'dept_staff', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose users must belong to a department (and only see that department's work). */
export const DEPARTMENT_ROLES: readonly Role[] = ['dept_head', 'dept_staff'];

export function isDepartmentRole(role: Role): boolean {
  return DEPARTMENT_ROLES.includes(role);
}
