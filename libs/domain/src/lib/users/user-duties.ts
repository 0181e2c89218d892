import { hasPermission, type Permission } from '../auth/permissions';
import { DEPARTMENT_ROLES, ROLES, type Role } from '../auth/roles';
import type { UpdateUserInput } from './user.schemas';

/** A field of `PATCH /api/users/:id`. */
export type UserField = keyof UpdateUserInput;

/**
 * Who may change which field of a user (三员分立): the system administrator keeps the profile
 * (name, department, e-mail) and resets passwords; the security administrator decides access
 * (role, lock). A change naming one field the caller may not set is refused whole.
 */
export const USER_FIELD_PERMISSIONS: Readonly<Record<UserField, Permission>> = {
  displayName: 'users:edit-profile',
  departmentId: 'users:edit-profile',
  email: 'users:edit-profile',
  password: 'users:reset-password',
  role: 'users:set-role',
  locked: 'users:lock',
};

export const USER_FIELDS = Object.keys(USER_FIELD_PERMISSIONS) as UserField[];

/** Any one of these lets a role change some field of a user (opens `PATCH /api/users/:id`). */
export const USER_EDIT_PERMISSIONS: readonly Permission[] = [...new Set(Object.values(USER_FIELD_PERMISSIONS))];

/** The fields of a user that `role` may change. */
export function editableUserFields(role: Role): UserField[] {
  return USER_FIELDS.filter((field) => hasPermission(role, USER_FIELD_PERMISSIONS[field]));
}

/**
 * The roles a new account may be given by `role`: department roles for whoever creates accounts.
 * Any other role is granted afterwards by the security administrator, never by the account maker.
 */
export function creatableRoles(role: Role): readonly Role[] {
  return hasPermission(role, 'users:create') ? DEPARTMENT_ROLES : [];
}

/**
 * Why a request is refused (403): `fields` it may not set; `reason` `permission` (the caller's
 * role may never set them), `self` (nobody changes their own role or locks themselves) or
 * `role` (an account may not be created with that role).
 */
export interface UserDutyRefusal {
  reason: 'permission' | 'self' | 'role';
  fields: UserField[];
}

function bodyOf(input: unknown): Record<string, unknown> | null {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : null;
}

/**
 * Whether `actor` may make the change `input` (the body as sent, before validation: the
 * contract's order puts 403 before 400) to user `targetId`; null when nothing forbids it.
 * Unknown or malformed fields are left to the schema.
 */
export function refuseUserChange(
  actor: { id: string; role: Role },
  targetId: string,
  input: unknown,
): UserDutyRefusal | null {
  const body = bodyOf(input);
  if (!body) return null;
  const named = USER_FIELDS.filter((field) => Object.hasOwn(body, field));
  const forbidden = named.filter((field) => !hasPermission(actor.role, USER_FIELD_PERMISSIONS[field]));
  if (forbidden.length > 0) return { reason: 'permission', fields: forbidden };
  if (actor.id === targetId) {
    // Keeps the last security administrator from locking everyone out, and anyone from raising themselves.
    const self: UserField[] = [];
    if (Object.hasOwn(body, 'role') && body['role'] !== actor.role) self.push('role');
    if (body['locked'] === true) self.push('locked');
    if (self.length > 0) return { reason: 'self', fields: self };
  }
  return null;
}

/** Whether `actorRole` may create the account `input` (as sent); null when nothing forbids it. */
export function refuseUserCreation(actorRole: Role, input: unknown): UserDutyRefusal | null {
  const role = bodyOf(input)?.['role'];
  const known = ROLES.find((r) => r === role);
  if (known && !creatableRoles(actorRole).includes(known)) return { reason: 'role', fields: ['role'] };
  return null;
}
