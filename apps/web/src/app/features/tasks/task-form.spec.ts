import { aTask, ECON, SCI } from '../../testing/task-fixtures';
import { EMPTY_INDICATOR, EMPTY_TASK, parseCreateTask, parseTaskChanges, taskFormValues } from './task-form';

const valid = {
  ...EMPTY_TASK,
  workItemCode: 'FA1.1',
  title: '建设省级以上创新平台',
  leadDepartmentId: ECON,
  coDepartmentIds: [SCI],
  startDate: '2026-11-01',
  dueDate: '2027-03-31',
  milestones: [{ id: '', title: '完成申报材料', plannedDate: '2026-12-15' }],
  indicators: [{ ...EMPTY_INDICATOR, name: '新增省级平台', unit: '个' as const, baseline: 10, target: 15 }],
};

describe('Creating a task', () => {
  it('sends the plan with its milestones and indicators', () => {
    const result = parseCreateTask(valid);

    expect(result.ok && result.value).toMatchObject({
      workItemCode: 'FA1.1',
      leadDepartmentId: ECON,
      milestones: [{ title: '完成申报材料', plannedDate: '2026-12-15' }],
      indicators: [{ name: '新增省级平台', unit: '个', baseline: 10, target: 15, direction: 'up' }],
    });
  });

  it('names the missing fields', () => {
    const result = parseCreateTask(EMPTY_TASK);

    expect(!result.ok && [...new Set(result.errors.map((e) => e.field))].sort()).toEqual([
      'dueDate',
      'leadDepartmentId',
      'title',
      'workItemCode',
    ]);
  });

  it('checks the plan across fields, on the row at fault', () => {
    const result = parseCreateTask({
      ...valid,
      coDepartmentIds: [ECON],
      milestones: [{ id: '', title: '评审', plannedDate: '2027-05-01' }],
      indicators: [{ ...valid.indicators[0], target: 8 }],
    });

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([
      'coDepartmentIds',
      'milestones.0.plannedDate',
      'indicators.0.target',
    ]);
  });

  it('checks milestone dates against the due date even before a lead department is chosen', () => {
    const result = parseCreateTask({
      ...valid,
      leadDepartmentId: '',
      milestones: [{ id: '', title: '评审', plannedDate: '2027-05-01' }],
    });

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['leadDepartmentId', 'milestones.0.plannedDate']);
  });

  it('asks for a number where baseline or target is empty', () => {
    const result = parseCreateTask({ ...valid, indicators: [{ ...valid.indicators[0], baseline: null }] });

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['indicators.0.baseline']);
  });
});

describe('Editing a task', () => {
  const draft = aTask({
    status: 'draft',
    milestones: [
      {
        id: '0ed01e6e-e93c-4f10-a785-f3f627a186ac',
        title: '完成申报材料',
        plannedDate: '2026-12-15',
        baselinePlannedDate: null,
        doneDate: null,
      },
    ],
  });

  it('sends nothing when nothing changed', () => {
    expect(parseTaskChanges(taskFormValues(draft), draft)).toBeNull();
  });

  it('while draft, sends changed lists whole, keeping the ids of existing rows', () => {
    const values = taskFormValues(draft);
    values.milestones.push({ id: '', title: '通过评审', plannedDate: '2027-03-01' });

    expect(parseTaskChanges(values, draft)).toEqual({
      ok: true,
      value: {
        milestones: [
          { id: '0ed01e6e-e93c-4f10-a785-f3f627a186ac', title: '完成申报材料', plannedDate: '2026-12-15' },
          { title: '通过评审', plannedDate: '2027-03-01' },
        ],
      },
    });
  });

  it('once assigned, sends only the non-plan fields and milestone titles', () => {
    const assigned = { ...draft, status: 'in_progress' as const };
    const values = taskFormValues(assigned);
    values.title = '新标题';
    values.dueDate = '2027-12-31';
    values.milestones[0].title = '完成全部申报材料';

    expect(parseTaskChanges(values, assigned)).toEqual({
      ok: true,
      value: {
        title: '新标题',
        milestones: [{ id: '0ed01e6e-e93c-4f10-a785-f3f627a186ac', title: '完成全部申报材料' }],
      },
    });
  });

  it('once assigned, sends indicator renames but not their targets (the domain edit policy)', () => {
    const assigned = {
      ...draft,
      status: 'assigned' as const,
      indicators: [
        {
          id: '5b8c9a8e-3f0e-4d7a-9d51-0f1b0e2c7a11',
          name: '新增省级平台',
          unit: '个' as const,
          baseline: 10,
          target: 15,
          baselineTarget: 15,
          direction: 'up' as const,
          actual: null,
          actualPeriod: null,
        },
      ],
    };
    const values = taskFormValues(assigned);
    values.indicators[0].name = '新增省级以上平台';
    values.indicators[0].target = 20;

    expect(parseTaskChanges(values, assigned)).toEqual({
      ok: true,
      value: { indicators: [{ id: '5b8c9a8e-3f0e-4d7a-9d51-0f1b0e2c7a11', name: '新增省级以上平台' }] },
    });
  });

  it('once assigned, refuses the lead department among the co-owners', () => {
    const assigned = { ...draft, status: 'assigned' as const };
    const values = taskFormValues(assigned);
    values.coDepartmentIds = [assigned.leadDepartmentId];

    const result = parseTaskChanges(values, assigned);
    expect(result && !result.ok && result.errors.map((e) => e.code)).toEqual(['includes_lead']);
  });
});
