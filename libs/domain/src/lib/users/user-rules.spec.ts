import { checkRoleDepartment } from './user-rules';

describe('checkRoleDepartment', () => {
  it.each([
    ['dept_head', null, ['departmentId']],
    ['dept_staff', undefined, ['departmentId']],
    ['dept_head', 'd1', []],
    ['committee', null, []],
    ['admin', null, []],
    ['auditor', 'd1', []],
  ] as const)('%s with department %s → errors on %j', (role, departmentId, fields) => {
    expect(checkRoleDepartment(role, departmentId).map((e) => e.field)).toEqual(fields);
  });
});
