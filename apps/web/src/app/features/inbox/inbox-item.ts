import type { InboxItemKind, InboxItemView } from '@zibo/domain';

/** Each kind's label and icon; a kind added to the domain union must add its line here (the compiler says so). */
const KINDS: Record<InboxItemKind, { label: string; icon: string }> = {
  report_owed: { label: 'inbox.kinds.report_owed', icon: 'edit_note' },
  report_overdue: { label: 'inbox.kinds.report_overdue', icon: 'alarm' },
  draft_waiting_for_head: { label: 'inbox.kinds.draft_waiting_for_head', icon: 'move_to_inbox' },
  report_returned: { label: 'inbox.kinds.report_returned', icon: 'undo' },
  report_submitted_for_review: { label: 'inbox.kinds.report_submitted_for_review', icon: 'rate_review' },
  amendment_pending: { label: 'inbox.kinds.amendment_pending', icon: 'edit_calendar' },
  task_to_accept: { label: 'inbox.kinds.task_to_accept', icon: 'assignment_ind' },
  urge_to_answer: { label: 'inbox.kinds.urge_to_answer', icon: 'campaign' },
  notice_to_answer: { label: 'inbox.kinds.notice_to_answer', icon: 'flag' },
  directive_to_answer: { label: 'inbox.kinds.directive_to_answer', icon: 'rate_review' },
  task_declined: { label: 'inbox.kinds.task_declined', icon: 'undo' },
  close_out_to_sign: { label: 'inbox.kinds.close_out_to_sign', icon: 'assignment_turned_in' },
  contribution_owed: { label: 'inbox.kinds.contribution_owed', icon: 'group_work' },
};

export function inboxKindLabel(kind: InboxItemKind): string {
  return KINDS[kind].label;
}

export function inboxKindIcon(kind: InboxItemKind): string {
  return KINDS[kind].icon;
}

/**
 * Where an item is acted on: the report (or a new one for its period), the department's contribution
 * (the page carries on with its draft), else the task.
 */
export function inboxItemLink(item: Pick<InboxItemView, 'taskId' | 'reportId' | 'period' | 'kind'>): {
  path: string[];
  query: Record<string, string> | null;
} {
  if (item.reportId) {
    return { path: ['/tasks', item.taskId, 'reports', item.reportId], query: null };
  }
  if (item.kind === 'contribution_owed') {
    return {
      path: ['/tasks', item.taskId, 'contributions', 'new'],
      query: item.period ? { period: item.period } : null,
    };
  }
  if (item.period && (item.kind === 'report_owed' || item.kind === 'report_overdue')) {
    return { path: ['/tasks', item.taskId, 'reports', 'new'], query: { period: item.period } };
  }
  return { path: ['/tasks', item.taskId], query: null };
}
