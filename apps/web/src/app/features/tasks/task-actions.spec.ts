import { aTask, ECON, PARTY, SCI } from '../../testing/task-fixtures';
import { type TaskActions, taskActionsFor } from './task-actions';

const committee = { role: 'committee' as const, departmentId: null };
const auditor = { role: 'auditor' as const, departmentId: null };
const leadHead = { role: 'dept_head' as const, departmentId: ECON };
const leadStaff = { role: 'dept_staff' as const, departmentId: ECON };
const coHead = { role: 'dept_head' as const, departmentId: SCI };
const otherHead = { role: 'dept_head' as const, departmentId: PARTY };

function offered(actions: TaskActions): string[] {
  return Object.entries(actions)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .sort();
}

describe('Which task actions a user sees', () => {
  const inProgress = aTask({ status: 'in_progress', allowedActions: ['complete', 'cancel'] });

  it('offers the committee the transitions the api allows, editing and amending', () => {
    expect(offered(taskActionsFor(inProgress, committee))).toEqual([
      'amend',
      'cancel',
      'complete',
      'decideAmendment',
      'edit',
      'markMilestones',
    ]);
  });

  it('offers the committee assignment of a draft, and no amendment before assignment', () => {
    const draft = aTask({ status: 'draft', allowedActions: ['assign', 'cancel'] });

    expect(offered(taskActionsFor(draft, committee))).toEqual(['assign', 'cancel', 'edit']);
  });

  it('offers the lead department head reporting, milestones and a plan change proposal', () => {
    expect(offered(taskActionsFor(inProgress, leadHead))).toEqual([
      'draftReport',
      'markMilestones',
      'proposeAmendment',
    ]);
  });

  it('offers lead department staff only drafting the report (the head submits)', () => {
    expect(offered(taskActionsFor(inProgress, leadStaff))).toEqual(['draftReport']);
  });

  it('offers a co-owning department its contribution, not the report', () => {
    expect(offered(taskActionsFor(inProgress, coHead))).toEqual(['contribute']);
  });

  it('offers nothing to the auditor or an unrelated department, even if the server listed actions', () => {
    expect(offered(taskActionsFor(inProgress, auditor))).toEqual([]);
    expect(offered(taskActionsFor(inProgress, otherHead))).toEqual([]);
  });

  it('offers no reporting on a closed task', () => {
    const completed = aTask({ status: 'completed', allowedActions: [] });

    expect(offered(taskActionsFor(completed, leadHead))).toEqual([]);
    expect(offered(taskActionsFor(completed, committee))).toEqual([]);
  });
});

describe('Completing a task', () => {
  it('is offered when the api lists it (after an approved final report at 100 %)', () => {
    const ready = aTask({ status: 'in_progress', allowedActions: ['complete', 'cancel'] });

    expect(taskActionsFor(ready, committee)).toMatchObject({ complete: true, completePending: false });
  });

  it('is explained, not offered, to the committee while the api does not list it', () => {
    const notYet = aTask({ status: 'in_progress', allowedActions: ['cancel'] });

    expect(taskActionsFor(notYet, committee)).toMatchObject({ complete: false, completePending: true });
  });

  it('is never explained to those who could not complete anyway', () => {
    const notYet = aTask({ status: 'in_progress', allowedActions: ['cancel'] });

    expect(taskActionsFor(notYet, leadHead).completePending).toBe(false);
    expect(taskActionsFor(notYet, auditor).completePending).toBe(false);
    expect(taskActionsFor(aTask({ status: 'assigned', allowedActions: ['cancel'] }), committee).completePending).toBe(
      false,
    );
  });
});
