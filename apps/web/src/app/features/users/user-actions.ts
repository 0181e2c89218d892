import { editableUserFields, hasPermission, type Role, type UserField, type UserView } from '@zibo/domain';

/** The fields of the profile dialog (the password has its own dialog, the lock its own button). */
export const PROFILE_FIELDS = ['displayName', 'departmentId', 'email'] as const satisfies readonly UserField[];

/** What the signed-in administrator may do to one user: the page offers exactly these (三员分立). */
export interface UserActions {
  /** Profile fields they may edit (empty: no edit). */
  profileFields: readonly UserField[];
  changeRole: boolean;
  resetPassword: boolean;
  lock: boolean;
  resetSecondFactor: boolean;
}

/** Offers follow the same field rules as the api; nobody changes their own role or locks themselves. */
export function userActions(me: { id: string; role: Role }, user: Pick<UserView, 'id'>): UserActions {
  const editable = editableUserFields(me.role);
  const self = me.id === user.id;
  return {
    profileFields: PROFILE_FIELDS.filter((field) => editable.includes(field)),
    changeRole: editable.includes('role') && !self,
    resetPassword: editable.includes('password'),
    lock: editable.includes('locked') && !self,
    resetSecondFactor: hasPermission(me.role, 'users:reset-mfa'),
  };
}

export function hasAnyAction(actions: UserActions): boolean {
  return (
    actions.profileFields.length > 0 ||
    actions.changeRole ||
    actions.resetPassword ||
    actions.lock ||
    actions.resetSecondFactor
  );
}
