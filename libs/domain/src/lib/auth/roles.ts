/** The five roles of the contract. A user has exactly one. */
export const ROLES = ['admin', 'committee', 'dept_head', 'dept_staff', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose users must belong to a department (and only see that department's work). */
export const DEPARTMENT_ROLES: readonly Role[] = ['dept_head', 'dept_staff'];

export function isDepartmentRole(role: Role): boolean {
  return DEPARTMENT_ROLES.includes(role);
}
