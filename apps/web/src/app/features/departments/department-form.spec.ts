import type { DepartmentView } from '@zibo/domain';
import { createDepartmentBody, departmentFormValues, updateDepartmentBody } from './department-form';

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
    expect(createDepartmentBody({ code: 'stats', name: '统计局', nameEn: ' ', active: true })).toEqual({
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
});
