import { TASK_STATUSES } from './task-state-machine';
import {
  type AssignedTaskPlan,
  TASK_PLAN_FIELDS,
  checkAssignedTaskChanges,
  checkCoOwners,
  taskEditPolicy,
} from './task-edit-policy';

const M1 = '0ed01e6e-e93c-4f10-a785-f3f627a186ac';
const I1 = '5b8c9a8e-3f0e-4d7a-9d51-0f1b0e2c7a11';
const task: AssignedTaskPlan = {
  leadDepartmentId: 'lead',
  milestones: [{ id: M1, plannedDate: '2026-06-30' }],
  indicators: [{ id: I1, unit: '个', baseline: 10, target: 15, direction: 'up' }],
};
const today = '2026-05-01';
const codes = (input: Parameters<typeof checkAssignedTaskChanges>[0]) =>
  checkAssignedTaskChanges(input, task, today).map((e) => `${e.field}:${e.code}`);

describe('Task edit policy', () => {
  it.each(TASK_STATUSES.map((status) => [status]))('is defined for a %s task', (status) => {
    const policy = taskEditPolicy(status);
    expect(policy.editable).toBe(status !== 'completed' && status !== 'cancelled');
    expect(policy.planEditable).toBe(status === 'draft');
  });

  it.each([['assigned'], ['in_progress']] as const)('leaves no plan field open on an %s task', (status) => {
    const policy = taskEditPolicy(status);
    expect(policy.fields.filter((f) => (TASK_PLAN_FIELDS as readonly string[]).includes(f))).toEqual([]);
    expect(policy.fields).toEqual(['title', 'description', 'coDepartmentIds', 'milestones', 'indicators']);
    expect(policy.milestoneFields).toEqual(['title', 'doneDate']);
    expect(policy.indicatorFields).toEqual(['name']);
    expect(policy.rowsMayChange).toBe(false);
  });
});

describe('Changes to an assigned task', () => {
  it('accepts wording: title, milestone titles, done dates and indicator names', () => {
    expect(
      codes({
        title: '新标题',
        milestones: [{ id: M1, title: '开工建设', doneDate: '2026-04-30' }],
        indicators: [{ id: I1, name: '新增省级以上平台' }],
      }),
    ).toEqual([]);
  });

  it('accepts an indicator sent with its unchanged plan values', () => {
    expect(codes({ indicators: [{ id: I1, name: 'x', unit: '个', target: 15 }] })).toEqual([]);
  });

  it.each([
    ['the due date', { dueDate: '2027-01-01' }, ['dueDate:plan_field']],
    ['the lead department', { leadDepartmentId: 'other' }, ['leadDepartmentId:plan_field']],
    [
      'a planned date',
      { milestones: [{ id: M1, plannedDate: '2026-07-01' }] },
      ['milestones.0.plannedDate:plan_field'],
    ],
    ['a new milestone', { milestones: [{ title: '新', plannedDate: '2026-07-01' }] }, ['milestones.0.id:plan_field']],
    ['an indicator target', { indicators: [{ id: I1, target: 20 }] }, ['indicators.0:plan_field']],
    ['an indicator unit', { indicators: [{ id: I1, unit: '项' as const }] }, ['indicators.0:plan_field']],
    ['a new indicator', { indicators: [{ name: '新' }] }, ['indicators.0:plan_field']],
    [
      'a milestone done tomorrow',
      { milestones: [{ id: M1, doneDate: '2026-05-02' }] },
      ['milestones.0.doneDate:future'],
    ],
    ['the lead among the co-owners', { coDepartmentIds: ['lead'] }, ['coDepartmentIds:includes_lead']],
  ])('refuses %s', (_case, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });
});

describe('Co-owners', () => {
  it.each([
    [['a', 'b'], []],
    [['lead'], ['includes_lead']],
    [['a', 'a'], ['duplicate']],
    [
      ['lead', 'lead'],
      ['includes_lead', 'duplicate'],
    ],
  ])('of %j: %j', (ids, expected) => {
    expect(checkCoOwners('lead', ids).map((e) => e.code)).toEqual(expected);
  });
});
