import { aReport, aTask, ECON, PARTY, SCI } from '../../testing/task-fixtures';
import { readyToComplete, type TaskActions, taskActionsFor } from './task-actions';

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
  it('is ready once a final report at 100 % is approved', () => {
    expect(readyToComplete([aReport({ status: 'approved', final: true, percentComplete: 100 })])).toBe(true);
  });

  it('is not ready with a final report still under review, or an approved one that is not final', () => {
    expect(readyToComplete([aReport({ status: 'submitted', final: true, percentComplete: 100 })])).toBe(false);
    expect(readyToComplete([aReport({ status: 'approved', final: false, percentComplete: 100 })])).toBe(false);
  });
});
