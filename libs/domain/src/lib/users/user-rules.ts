import type { FieldError } from '../common/problem';
import { isDepartmentRole, type Role } from '../auth/roles';

/**
 * A department head or staff member must belong to a department (and sees only its work);
 * the other roles work across departments. Returns the violations (empty when consistent).
 */
export function checkRoleDepartment(role: Role, departmentId: string | null | undefined): FieldError[] {
  if (isDepartmentRole(role) && !departmentId) {
    return [{ field: 'departmentId', code: 'required_for_role', message: `Role ${role} needs a department` }];
  }
  return [];
}
