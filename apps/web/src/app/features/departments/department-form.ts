import type { DepartmentView } from '@zibo/domain';
import { changedFields } from '../../core/forms/changed-fields';

/** The department form's values: text fields as strings ('' when empty), as a form holds them. */
export interface DepartmentFormValues {
  code: string;
  name: string;
  nameEn: string;
  active: boolean;
}

export const EMPTY_DEPARTMENT: DepartmentFormValues = { code: '', name: '', nameEn: '', active: true };

export function departmentFormValues(department: DepartmentView): DepartmentFormValues {
  return {
    code: department.code,
    name: department.name,
    nameEn: department.nameEn ?? '',
    active: department.active,
  };
}

/** The create body: an empty English name is left out rather than sent as ''. */
export function createDepartmentBody(values: DepartmentFormValues): Record<string, unknown> {
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
  return changes;
}
