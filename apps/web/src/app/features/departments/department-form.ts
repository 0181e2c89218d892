import type { DepartmentView, UserView } from '@zibo/domain';
import { changedFields } from '../../core/forms/changed-fields';

/** The department form's values: text fields as strings ('' when empty), as a form holds them. */
export interface DepartmentFormValues {
  code: string;
  name: string;
  nameEn: string;
  active: boolean;
  /** 分管领导: a committee member's id, '' for none. */
  supervisingLeaderId: string;
}

export const EMPTY_DEPARTMENT: DepartmentFormValues = {
  code: '',
  name: '',
  nameEn: '',
  active: true,
  supervisingLeaderId: '',
};

export function departmentFormValues(department: DepartmentView): DepartmentFormValues {
  return {
    code: department.code,
    name: department.name,
    nameEn: department.nameEn ?? '',
    active: department.active,
    supervisingLeaderId: department.supervisingLeaderId ?? '',
  };
}

/** Who may be a department's 分管领导: committee members who can sign in, by name. */
export function supervisingLeaderChoices(users: readonly UserView[]): UserView[] {
  return users
    .filter((u) => u.role === 'committee' && !u.locked)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
}

/** The create body: an empty English name is left out rather than sent as ''. */
export function createDepartmentBody(values: DepartmentFormValues): Record<string, unknown> {
  // The supervising leader is chosen when editing a department, among the committee's members.
  const body: Record<string, unknown> = { code: values.code, name: values.name };
  if (values.nameEn.trim()) {
    body['nameEn'] = values.nameEn;
  }
  return body;
}

/** The PATCH body: only what changed; clearing the English name sends null. The code is fixed. */
export function updateDepartmentBody(values: DepartmentFormValues, original: DepartmentView): Record<string, unknown> {
  const changes = changedFields({ ...values }, { ...departmentFormValues(original) }, ['code']);
  if ('nameEn' in changes && !values.nameEn.trim()) {
    changes['nameEn'] = null;
  }
  if ('supervisingLeaderId' in changes && !values.supervisingLeaderId) {
    changes['supervisingLeaderId'] = null;
  }
  return changes;
}
