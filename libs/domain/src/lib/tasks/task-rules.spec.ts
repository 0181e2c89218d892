import { checkFinalReport, checkPercentChange } from '../progress/progress-rules';
import { type TaskPlan, checkTaskPlan, taskRelation } from './task-rules';

const plan = (overrides: Partial<TaskPlan> = {}): TaskPlan => ({
  leadDepartmentId: 'lead',
  coDepartmentIds: ['co1'],
  startDate: '2021-03-01',
  dueDate: '2021-12-31',
  milestones: [{ title: '开工', plannedDate: '2021-06-30' }],
  indicators: [{ name: '投资', unit: '亿元', baseline: 10, target: 20, direction: 'up' }],
  ...overrides,
});

const fields = (p: TaskPlan) => checkTaskPlan(p).map((e) => e.field);

describe('Task plan rules', () => {
  it('accepts a consistent plan', () => {
    expect(checkTaskPlan(plan())).toEqual([]);
  });

  it.each([
    ['a due date before the start', plan({ dueDate: '2021-02-01', milestones: [] }), ['dueDate']],
    ['the lead also co-owning', plan({ coDepartmentIds: ['lead'] }), ['coDepartmentIds']],
    ['a co-owner listed twice', plan({ coDepartmentIds: ['co1', 'co1'] }), ['coDepartmentIds']],
    [
      'a milestone after the due date',
      plan({ milestones: [{ title: 'x', plannedDate: '2022-01-01' }] }),
      ['milestones.0.plannedDate'],
    ],
    [
      'a milestone before the start',
      plan({ milestones: [{ title: 'x', plannedDate: '2021-01-01' }] }),
      ['milestones.0.plannedDate'],
    ],
    [
      'an indicator target in the wrong direction',
      plan({ indicators: [{ name: 'x', unit: '亿元', baseline: 10, target: 5, direction: 'up' }] }),
      ['indicators.0.target'],
    ],
  ])('refuses %s', (_case, p, expected) => {
    expect(fields(p)).toEqual(expected);
  });
});

describe('Task relation of a department', () => {
  const task = { leadDepartmentId: 'econ', coDepartmentIds: ['sci'] };
  it.each([
    ['econ', 'lead'],
    ['sci', 'co'],
    ['party', 'none'],
    [null, 'none'],
  ] as const)('%s is %s', (department, relation) => {
    expect(taskRelation(department, task)).toBe(relation);
  });
});

describe('Percent complete', () => {
  it('may rise or stay without a reason, may fall only with one', () => {
    expect(checkPercentChange(null, 10, undefined)).toEqual([]);
    expect(checkPercentChange(40, 40, undefined)).toEqual([]);
    expect(checkPercentChange(40, 60, undefined)).toEqual([]);
    expect(checkPercentChange(40, 30, '  ')).toEqual([expect.objectContaining({ field: 'percentDecreaseReason' })]);
    expect(checkPercentChange(40, 30, '上月统计口径有误')).toEqual([]);
  });

  it('must be 100 in a final report', () => {
    expect(checkFinalReport(true, 90)).toEqual([expect.objectContaining({ field: 'final' })]);
    expect(checkFinalReport(true, 100)).toEqual([]);
    expect(checkFinalReport(false, 90)).toEqual([]);
  });
});
