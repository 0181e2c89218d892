import type { FieldError } from '@zibo/domain';
import { importColumnOf, importErrorMessage } from './task-import-dialog';

describe('Import row errors', () => {
  it.each([
    ['workItemCode', '工作事项'],
    ['leadDepartmentId', '牵头单位'],
    ['coDepartmentIds.1', '配合单位'],
    ['dueDate', '完成时限'],
    ['somethingElse', 'somethingElse'],
  ])('the error of %s is shown under the column %s', (field, header) => {
    expect(importColumnOf(field)).toBe(header);
  });

  it.each([
    [
      { field: 'leadDepartmentId', code: 'unknown', message: 'No such active department' },
      { key: 'taskImport.errors.unknown' },
    ],
    [
      { field: 'dueDate', code: 'before_start', message: 'The due date is before the start date' },
      { key: 'validation.beforeStart' },
    ],
    [{ field: 'title', code: 'odd', message: 'Something odd' }, { text: 'Something odd' }],
  ])('%j reads %j', (error, message) => {
    // As received from the api: a newer api may send a code this build does not know ('odd').
    expect(importErrorMessage(error as FieldError)).toEqual(message);
  });
});
