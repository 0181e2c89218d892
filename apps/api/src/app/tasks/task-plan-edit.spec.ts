import { ProblemException } from '../../core/problems/problem.exception';
import type { Task } from './task.entity';
import { assertOnlyDoneDates, assignedEdit, draftPlanEdit } from './task-plan-edit';

const LEAD = '11111111-1111-4111-8111-111111111111';
const CO = '22222222-2222-4222-8222-222222222222';
const M1 = '33333333-3333-4333-8333-333333333333';
const I1 = '44444444-4444-4444-8444-444444444444';

function task(status: Task['status']): Task {
  return {
    id: 't1',
    workItemCode: 'FA1.1',
    title: '招商引资',
    description: '',
    leadDepartmentId: LEAD,
    coDepartments: [],
    startDate: '2026-01-01',
    dueDate: '2026-12-31',
    baselineDueDate: status === 'draft' ? null : '2026-12-31',
    reportingCycle: 'monthly',
    status,
    milestones: [
      {
        id: M1,
        taskId: 't1',
        position: 0,
        title: '签约',
        plannedDate: '2026-06-30',
        baselinePlannedDate: null,
        doneDate: null,
      },
    ],
    indicators: [
      {
        id: I1,
        taskId: 't1',
        position: 0,
        name: '投资额',
        unit: '个',
        baseline: 0,
        target: 100,
        baselineTarget: null,
        direction: 'up',
      },
    ],
  } as unknown as Task;
}

function problemOf(run: () => unknown): ProblemException {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('no problem thrown');
}

describe('Task plan edit: a draft', () => {
  it('merges the PATCH over the task as a whole plan, keeping existing children by id', () => {
    const edit = draftPlanEdit(
      task('draft'),
      {
        title: '新标题',
        milestones: [
          { id: M1, doneDate: null },
          { title: '投产', plannedDate: '2026-11-30' },
        ],
      },
      [],
    );
    expect(edit.columns).toMatchObject({ title: '新标题', dueDate: '2026-12-31', leadDepartmentId: LEAD });
    expect(edit.milestones).toEqual([
      { id: M1, title: '签约', plannedDate: '2026-06-30', doneDate: null },
      { id: undefined, title: '投产', plannedDate: '2026-11-30', doneDate: null },
    ]);
    expect(edit.indicators).toBeUndefined();
    expect(edit.coDepartmentIds).toBeUndefined();
  });

  it('answers 422 with every error: references first, then children not of the task, then incomplete ones', () => {
    const problem = problemOf(() =>
      draftPlanEdit(
        task('draft'),
        {
          milestones: [{ id: CO, title: 'x' }, { title: '无日期' }],
          indicators: [{ name: '只有名称' }],
        },
        [{ field: 'workItemCode', code: 'unknown', message: 'No such work item' }],
      ),
    );
    expect(problem.status).toBe(422);
    expect((problem.extensions.errors ?? []).map((e) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining([
        'workItemCode:unknown',
        'milestones.0.id:unknown',
        'milestones.1:incomplete',
        'indicators.0:incomplete',
      ]),
    );
    expect(problem.extensions.errors?.[0]?.field).toBe('workItemCode');
  });
});

describe('Task plan edit: after assignment', () => {
  it('keeps what is not the plan: title, co-owners, milestone titles and done dates, indicator names', () => {
    const edit = assignedEdit(
      task('in_progress'),
      {
        title: '新标题',
        coDepartmentIds: [CO],
        milestones: [{ id: M1, doneDate: '2026-03-01' }],
        indicators: [{ id: I1, name: '实际到位资金' }],
      },
      '2026-03-02',
      [],
    );
    expect(edit).toEqual({
      title: '新标题',
      coDepartmentIds: [CO],
      milestones: [{ id: M1, doneDate: '2026-03-01' }],
      indicatorNames: [{ id: I1, name: '实际到位资金' }],
    });
  });

  it('answers 422 for plan fields (they change through amendments) and for the references given', () => {
    const problem = problemOf(() =>
      assignedEdit(task('assigned'), { dueDate: '2027-01-31', coDepartmentIds: [CO] }, '2026-03-02', [
        { field: 'coDepartmentIds.0', code: 'unknown', message: 'No such active department' },
      ]),
    );
    expect(problem.status).toBe(422);
    expect((problem.extensions.errors ?? []).map((e) => `${e.field}:${e.code}`)).toEqual([
      'dueDate:plan_field',
      'coDepartmentIds.0:unknown',
    ]);
  });
});

describe('Task plan edit: the lead department head', () => {
  it.each([
    ['a done date', { milestones: [{ id: M1, doneDate: '2026-03-01' }] }, false],
    ['a title', { title: 'x' }, true],
    ['a milestone title', { milestones: [{ id: M1, title: 'x' }] }, true],
    ['a new milestone', { milestones: [{ doneDate: '2026-03-01' }] }, true],
  ])('may record only done dates (%s)', (_name, input, refused) => {
    const run = () => assertOnlyDoneDates(input);
    if (refused) expect(problemOf(run).status).toBe(403);
    else expect(run).not.toThrow();
  });
});
