import type { DepartmentView } from '@zibo/domain';
import type { UserView } from '@zibo/domain';
import {
  createDepartmentBody,
  departmentFormValues,
  EMPTY_DEPARTMENT,
  supervisingLeaderChoices,
  updateDepartmentBody,
} from './department-form';

const econ: DepartmentView = {
  id: 'a0c2c7e7-f17f-4a7a-907e-fbea5e3c3229',
  code: 'econ',
  name: '经济发展局',
  nameEn: 'Economic Development Bureau',
  active: true,
  supervisingLeaderId: null,
  version: 2,
};

describe('Department form bodies', () => {
  it('leaves out an empty English name when creating', () => {
    expect(createDepartmentBody({ ...EMPTY_DEPARTMENT, code: 'stats', name: '统计局', nameEn: ' ' })).toEqual({
      code: 'stats',
      name: '统计局',
    });
  });

  it('sends only the changed fields when editing', () => {
    expect(updateDepartmentBody({ ...departmentFormValues(econ), active: false }, econ)).toEqual({ active: false });
  });

  it('clears the English name with null', () => {
    expect(updateDepartmentBody({ ...departmentFormValues(econ), nameEn: '' }, econ)).toEqual({ nameEn: null });
  });

  it('never sends the code, which cannot change', () => {
    expect(updateDepartmentBody({ ...departmentFormValues(econ), code: 'other' }, econ)).toEqual({});
  });

  it('sets, changes and clears the supervising leader (分管领导); unchanged, it is not sent', () => {
    const leader = 'f1d2c7e7-f17f-4a7a-907e-fbea5e3c3229';
    expect(departmentFormValues(econ).supervisingLeaderId).toBe('');
    expect(updateDepartmentBody({ ...departmentFormValues(econ), supervisingLeaderId: leader }, econ)).toEqual({
      supervisingLeaderId: leader,
    });
    const led = { ...econ, supervisingLeaderId: leader };
    expect(updateDepartmentBody(departmentFormValues(led), led)).toEqual({});
    expect(updateDepartmentBody({ ...departmentFormValues(led), supervisingLeaderId: '' }, led)).toEqual({
      supervisingLeaderId: null,
    });
  });

  it('offers as supervising leader only committee members who can sign in, by name', () => {
    const user = (id: string, displayName: string, role: UserView['role'], locked = false): UserView => ({
      id,
      username: id,
      displayName,
      role,
      departmentId: null,
      email: null,
      language: 'zh-CN',
      locked,
      version: 1,
    });
    const choices = supervisingLeaderChoices([
      user('c2', '王主任', 'committee'),
      user('c1', '李主任', 'committee'),
      user('c3', '张主任', 'committee', true),
      user('h1', '赵局长', 'dept_head'),
    ]);
    expect(choices.map((u) => u.id)).toEqual(['c1', 'c2']);
  });
});
