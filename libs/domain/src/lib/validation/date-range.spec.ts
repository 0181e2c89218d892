import { periodSchema } from '../progress/progress.schemas';
import { ledgerMonthSchema } from '../ledger/ledger.schemas';
import { createTaskSchema } from '../tasks/task.schemas';
import { dateSchema, dateTimeSchema } from './date-range';
import { parseInput } from './parse-input';

const codesOf = (result: ReturnType<typeof parseInput>) => (result.ok ? [] : result.errors.map((e) => e.code));
const fieldsOf = (result: ReturnType<typeof parseInput>) =>
  result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);

describe('The date range (1900–2100)', () => {
  it.each([
    ['1900-01-01', []],
    ['2100-12-31', []],
    ['2024-02-29', []],
    ['1899-12-31', ['date_range']],
    ['2101-01-01', ['date_range']],
    ['0000-01-01', ['date_range']],
    ['9999-12-31', ['date_range']],
    ['2021-02-29', ['invalid_format']],
    ['2021-13-01', ['invalid_format']],
    ['+002021-01-01', ['invalid_format']],
  ])('date %s → %j', (text, errors) => {
    expect(codesOf(parseInput(dateSchema, text))).toEqual(errors);
  });

  it.each([
    ['2021-03-01T08:00:00+08:00', []],
    ['1900-01-01T00:00:00Z', []],
    ['0000-01-01T00:00:00Z', ['date_range']],
    ['2101-01-01T00:00:00+08:00', ['date_range']],
    ['2021-03-01T08:00:00', ['invalid_format']],
  ])('time %s → %j', (text, errors) => {
    expect(codesOf(parseInput(dateTimeSchema, text))).toEqual(errors);
  });

  it.each([
    [periodSchema, '2021-Q1', []],
    [periodSchema, '0000-01', ['date_range']],
    [periodSchema, '2101-Q4', ['date_range']],
    [ledgerMonthSchema, '2021-03', []],
    [ledgerMonthSchema, '1899-12', ['date_range']],
  ])('period %#: %s → %j', (schema, text, errors) => {
    expect(codesOf(parseInput(schema, text))).toEqual(errors);
  });

  it('applies to the dates of a task body', () => {
    const task = {
      workItemCode: 'FA1.1',
      title: '任务',
      leadDepartmentId: '00000000-0000-4000-8000-000000000000',
      dueDate: '0000-12-31',
      startDate: '1899-01-01',
      milestones: [{ title: '里程碑', plannedDate: '2200-06-30' }],
    };
    expect(fieldsOf(parseInput(createTaskSchema, task))).toEqual([
      'startDate:date_range',
      'dueDate:date_range',
      'milestones.0.plannedDate:date_range',
    ]);
  });
});
