import type { UserView } from '@zibo/domain';
import type { User } from './user.entity';

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentId: user.departmentId,
    email: user.email,
    language: user.language,
    locked: user.locked,
    version: user.version,
  };
}

/** The audited fields of a user: never the password hash. */
export function auditedUserFields(user: User): Record<string, unknown> {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentId: user.departmentId,
    email: user.email,
    locked: user.locked,
    language: user.language,
  };
}
