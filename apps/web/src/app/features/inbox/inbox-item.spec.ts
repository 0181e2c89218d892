import { inboxItemLink, inboxKindLabel } from './inbox-item';

describe('Inbox items', () => {
  it('lead to the report when there is one, to a new report for an owed period, else to the task', () => {
    expect(inboxItemLink({ taskId: 't', reportId: 'r', period: '2026-11', kind: 'report_returned' })).toEqual({
      path: ['/tasks', 't', 'reports', 'r'],
      query: null,
    });
    expect(inboxItemLink({ taskId: 't', reportId: null, period: '2026-11', kind: 'report_owed' })).toEqual({
      path: ['/tasks', 't', 'reports', 'new'],
      query: { period: '2026-11' },
    });
    expect(inboxItemLink({ taskId: 't', reportId: null, period: '2026-11', kind: 'contribution_owed' })).toEqual({
      path: ['/tasks', 't', 'contributions', 'new'],
      query: { period: '2026-11' },
    });
    expect(inboxItemLink({ taskId: 't', reportId: null, period: null, kind: 'amendment_pending' })).toEqual({
      path: ['/tasks', 't'],
      query: null,
    });
  });

  it('names every kind', () => {
    expect(inboxKindLabel('draft_waiting_for_head')).toBe('inbox.kinds.draft_waiting_for_head');
    expect(inboxKindLabel('contribution_owed')).toBe('inbox.kinds.contribution_owed');
  });
});
