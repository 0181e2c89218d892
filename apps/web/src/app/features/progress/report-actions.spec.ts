import { aTask, ECON, SCI } from '../../testing/task-fixtures';
import { type ReportActions, reportActionsFor } from './report-actions';

const committee = { role: 'committee' as const, departmentId: null };
const auditor = { role: 'auditor' as const, departmentId: null };
const head = { role: 'dept_head' as const, departmentId: ECON };
const staff = { role: 'dept_staff' as const, departmentId: ECON };
const coHead = { role: 'dept_head' as const, departmentId: SCI };

function offered(actions: ReportActions): string[] {
  return Object.entries(actions)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .sort();
}

describe('What a user may do with a report', () => {
  const task = aTask({ status: 'in_progress' });

  it('lets lead department staff draft, attach files and hand the draft to their head, who submits', () => {
    expect(offered(reportActionsFor('draft', task, staff))).toEqual(['awaitingHead', 'edit', 'handOver', 'upload']);
  });

  it('lets the lead department head edit and submit a draft', () => {
    expect(offered(reportActionsFor('draft', task, head))).toEqual(['edit', 'submit', 'upload']);
  });

  it('lets staff start a new report and pick evidence before the first save (the draft is saved first)', () => {
    expect(offered(reportActionsFor(null, task, staff))).toEqual(['awaitingHead', 'edit', 'upload']);
  });

  it('never tells the head to wait for the head: a new report is theirs to save, then submit', () => {
    expect(offered(reportActionsFor(null, task, head))).toEqual(['edit', 'upload']);
  });

  it('freezes a submitted report for the department; the committee reviews it', () => {
    expect(offered(reportActionsFor('submitted', task, head))).toEqual([]);
    expect(offered(reportActionsFor('submitted', task, committee))).toEqual(['review']);
  });

  it('lets the lead department revise a returned report', () => {
    expect(offered(reportActionsFor('returned', task, staff))).toEqual(['revise']);
    expect(offered(reportActionsFor('returned', task, head))).toEqual(['revise']);
    expect(offered(reportActionsFor('returned', task, committee))).toEqual([]);
  });

  it('freezes an approved report for everyone', () => {
    for (const me of [committee, head, staff]) {
      expect(offered(reportActionsFor('approved', task, me))).toEqual([]);
    }
  });

  it('offers a co-owning department and the auditor nothing on the lead report', () => {
    for (const me of [coHead, auditor]) {
      for (const status of ['draft', 'submitted', 'returned'] as const) {
        expect(offered(reportActionsFor(status, task, me))).toEqual([]);
      }
    }
  });

  it('offers no new report or edits once the task is closed', () => {
    expect(offered(reportActionsFor('draft', aTask({ status: 'cancelled' }), head))).toEqual([]);
  });
});
