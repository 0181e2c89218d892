import type { DepartmentView, Language } from '@zibo/domain';

/** A department's name in the UI language; the Chinese name when no English one was given. */
export function departmentLabel(department: Pick<DepartmentView, 'name' | 'nameEn'>, language: Language): string {
  return language === 'en' && department.nameEn ? department.nameEn : department.name;
}

/** A focus area's or work item's name in the UI language. */
export function referenceName(entry: { name: string; nameEn: string }, language: Language): string {
  return language === 'en' && entry.nameEn ? entry.nameEn : entry.name;
}
