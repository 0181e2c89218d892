import type { Role } from '@zibo/domain';

/** Sample departments (docs/rules.md): the work plan names none, so these are illustrative. */
export const DEMO_DEPARTMENTS = [
  { code: 'econ', name: '经济发展局', nameEn: 'Economic Development Bureau' },
  { code: 'sci', name: '科技创新局', nameEn: 'Science and Technology Innovation Bureau' },
  { code: 'invest', name: '投资促进局', nameEn: 'Investment Promotion Bureau' },
  { code: 'build', name: '建设管理局', nameEn: 'Construction Management Bureau' },
  { code: 'ftz', name: '综合保税区管理办公室', nameEn: 'Comprehensive Bonded Zone Office' },
  { code: 'approval', name: '行政审批服务局', nameEn: 'Administrative Approval Service Bureau' },
  { code: 'social', name: '社会事业局', nameEn: 'Social Affairs Bureau' },
  { code: 'party', name: '党群工作部', nameEn: 'Party and Mass Work Department' },
] as const;

export const DEMO_PASSWORD = 'Demo@2021';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  departmentCode: string | null;
}

export function demoAccounts(): DemoAccount[] {
  return [
    { username: 'admin', displayName: '系统管理员', role: 'admin', departmentCode: null },
    { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', departmentCode: null },
    { username: 'committee', displayName: '管委会督查室', role: 'committee', departmentCode: null },
    { username: 'auditor', displayName: '审计组', role: 'auditor', departmentCode: null },
    ...DEMO_DEPARTMENTS.flatMap((d): DemoAccount[] => [
      { username: `head.${d.code}`, displayName: `${d.name}负责人`, role: 'dept_head', departmentCode: d.code },
      { username: `staff.${d.code}`, displayName: `${d.name}填报员`, role: 'dept_staff', departmentCode: d.code },
    ]),
  ];
}
