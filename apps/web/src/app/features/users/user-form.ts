import {
  checkRoleDepartment,
  createUserSchema,
  type CreateUserInput,
  type FieldError,
  parseInput,
  type ParseResult,
  type Role,
  updateUserSchema,
  type UpdateUserInput,
  type UserField,
  type UserView,
} from '@zibo/domain';
import { changedFields } from '../../core/forms/changed-fields';

/** The user form as the form holds it: '' for "no department" and "no e-mail". */
export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  departmentId: string;
  email: string;
  password: string;
}

export const EMPTY_USER: UserFormValues = {
  username: '',
  displayName: '',
  role: 'dept_staff',
  departmentId: '',
  email: '',
  password: '',
};

export function userFormValues(user: UserView): UserFormValues {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentId: user.departmentId ?? '',
    email: user.email ?? '',
    password: '',
  };
}

function withRoleRule<T>(result: ParseResult<T>, values: UserFormValues): ParseResult<T> {
  // The schema checks each field; the role/department pairing is a rule across fields.
  const roleErrors: FieldError[] = checkRoleDepartment(values.role, values.departmentId || null);
  if (roleErrors.length === 0) {
    return result;
  }
  return { ok: false, errors: [...(result.ok ? [] : result.errors), ...roleErrors] };
}

/** Validates a new user exactly as the api will, and gives the body to send. */
export function parseCreateUser(values: UserFormValues): ParseResult<CreateUserInput> {
  const body: Record<string, unknown> = {
    username: values.username,
    displayName: values.displayName,
    role: values.role,
    password: values.password,
  };
  if (values.departmentId) {
    body['departmentId'] = values.departmentId;
  }
  if (values.email.trim()) {
    body['email'] = values.email.trim();
  }
  return withRoleRule(parseInput(createUserSchema, body), values);
}

/**
 * The PATCH body for an edit of the `editable` fields (only what changed; no department or e-mail
 * is null), validated; null if nothing changed. Fields the editor may not set are never sent.
 */
export function parseUpdateUser(
  values: UserFormValues,
  original: UserView,
  editable: readonly UserField[],
): ParseResult<UpdateUserInput> | null {
  const changes: Record<string, unknown> = Object.fromEntries(
    Object.entries(changedFields({ ...values }, { ...userFormValues(original) }, ['username', 'password'])).filter(
      ([field]) => editable.includes(field as UserField),
    ),
  );
  if (Object.keys(changes).length === 0) {
    return null;
  }
  if ('departmentId' in changes && !values.departmentId) {
    changes['departmentId'] = null;
  }
  if ('email' in changes) {
    changes['email'] = values.email.trim() || null;
  }
  return withRoleRule(parseInput(updateUserSchema, changes), values);
}
