import type { DepartmentView, Language } from '@zibo/domain';

/** A department's name in the UI language; the Chinese name when no English one was given. */
export function departmentLabel(department: Pick<DepartmentView, 'name' | 'nameEn'>, language: Language): string {
  return language === 'en' && department.nameEn ? department.nameEn : department.name;
}
