import { allowedReportActions, transitionReport } from '../progress/report-state-machine';
import { allowedTaskActions, transitionTask } from './task-state-machine';

describe('Task workflow', () => {
  it.each([
    ['draft', 'assign', 'assigned'],
    ['draft', 'cancel', 'cancelled'],
    ['assigned', 'start', 'in_progress'],
    ['assigned', 'complete', 'completed'],
    ['in_progress', 'complete', 'completed'],
    ['in_progress', 'cancel', 'cancelled'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(transitionTask(from, action)).toEqual({ ok: true, to });
  });

  it.each([
    ['draft', 'complete', ['assign', 'cancel']],
    ['assigned', 'assign', ['start', 'complete', 'cancel']],
    ['completed', 'cancel', []],
    ['cancelled', 'assign', []],
  ] as const)('refuses %s --%s--> and names the allowed actions', (from, action, allowed) => {
    expect(transitionTask(from, action)).toEqual({ ok: false, from, action, allowed });
    expect(allowedTaskActions(from)).toEqual(allowed);
  });
});

describe('Report workflow', () => {
  it.each([
    ['draft', 'edit', 'draft'],
    ['draft', 'submit', 'submitted'],
    ['submitted', 'approve', 'approved'],
    ['submitted', 'return', 'returned'],
    ['returned', 'revise', 'draft'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(transitionReport(from, action)).toEqual({ ok: true, to });
  });

  it('freezes approved reports', () => {
    expect(allowedReportActions('approved')).toEqual([]);
    expect(transitionReport('approved', 'edit')).toMatchObject({ ok: false, allowed: [] });
  });

  it('does not let a submitted report be edited, only reviewed', () => {
    expect(transitionReport('submitted', 'edit')).toEqual({
      ok: false,
      from: 'submitted',
      action: 'edit',
      allowed: ['approve', 'return'],
    });
  });
});
