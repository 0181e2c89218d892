import { type HistoryEntryView, NON_CHANGE_ACTIONS } from '@zibo/domain';
import type { MessageKey } from '../../core/forms/field-error-message';

const ACTION_KEYS: Record<string, string> = {
  'task.create': 'history.actions.taskCreate',
  'task.update': 'history.actions.taskUpdate',
  'task.assign': 'history.actions.taskAssign',
  'task.start': 'history.actions.taskStart',
  'task.complete': 'history.actions.taskComplete',
  'task.cancel': 'history.actions.taskCancel',
  'report.create': 'history.actions.reportCreate',
  'report.update': 'history.actions.reportUpdate',
  'report.submit': 'history.actions.reportSubmit',
  'report.approve': 'history.actions.reportApprove',
  'report.return': 'history.actions.reportReturn',
  'report.revise': 'history.actions.reportRevise',
  'attachment.upload': 'history.actions.attachmentUpload',
  'contribution.create': 'history.actions.contributionCreate',
  'contribution.update': 'history.actions.contributionUpdate',
  'contribution.submit': 'history.actions.contributionSubmit',
  'amendment.propose': 'history.actions.amendmentPropose',
  'amendment.approve': 'history.actions.amendmentApprove',
  'amendment.reject': 'history.actions.amendmentReject',
  'task.accept': 'history.actions.taskAccept',
  'task.decline': 'history.actions.taskDecline',
  'task.insist': 'history.actions.taskInsist',
  'urge.create': 'history.actions.urgeCreate',
  'urge.acknowledge': 'history.actions.urgeAcknowledge',
  'urge.respond': 'history.actions.urgeRespond',
  'urge.escalate': 'history.actions.urgeEscalate',
  'notice.issue': 'history.actions.noticeIssue',
  'notice.respond': 'history.actions.noticeRespond',
  'directive.issue': 'history.actions.directiveIssue',
  'directive.respond': 'history.actions.directiveRespond',
  'task.close_request': 'history.actions.taskCloseRequest',
  'task.close_reject': 'history.actions.taskCloseReject',
  'comment.create': 'history.actions.commentCreate',
  'bulletin.draft': 'history.actions.bulletinDraft',
  'bulletin.update': 'history.actions.bulletinUpdate',
  'bulletin.publish': 'history.actions.bulletinPublish',
  'calendar.set': 'history.actions.calendarSet',
  'calendar.remove': 'history.actions.calendarRemove',
  // Outside a task's history, in the audit log.
  'auth.login': 'history.actions.authLogin',
  'auth.login_failed': 'history.actions.authLoginFailed',
  'auth.login_blocked': 'history.actions.authLoginBlocked',
  'auth.login_refused_locked': 'history.actions.authLoginRefusedLocked',
  'user.create': 'history.actions.userCreate',
  'user.update': 'history.actions.userUpdate',
  'user.password_reset': 'history.actions.userPasswordReset',
  'user.preferences': 'history.actions.userPreferences',
  'department.create': 'history.actions.departmentCreate',
  'department.update': 'history.actions.departmentUpdate',
  // Security events (a refusal, a download, a file taken away): `access.denied` → accessDenied.
  ...Object.fromEntries(
    NON_CHANGE_ACTIONS.map((action) => [
      action,
      `history.actions.${action.replace(/\.(\w)/, (_match, letter: string) => letter.toUpperCase())}`,
    ]),
  ),
};

/** The history line's verb; an action the UI does not know yet is shown as recorded. */
export function historyActionLabel(action: string): MessageKey | { text: string } {
  const key = ACTION_KEYS[action];
  return key ? { key } : { text: action };
}

/** Fields of tasks and reports the history names when they change (translation keys under history.fields). */
export const HISTORY_FIELDS = [
  'title',
  'description',
  'workItemCode',
  'leadDepartmentId',
  'coDepartmentIds',
  'startDate',
  'dueDate',
  'reportingCycle',
  'milestones',
  'indicators',
  'percentComplete',
  'summary',
  'problems',
  'nextSteps',
  'indicatorActuals',
  'final',
  'percentDecreaseReason',
] as const;

export interface HistoryFormat {
  /** A changed field's name for people. */
  field: (name: string) => string;
  /** A reporting period for people. */
  period: (period: string) => string;
}

const AS_RECORDED: HistoryFormat = { field: (name) => name, period: (period) => period };

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

/** The detail worth a line of its own: a comment, a reason, a file, the period, the changed fields. */
export function historyDetails(
  entry: Pick<HistoryEntryView, 'action' | 'before' | 'after'>,
  format: HistoryFormat = AS_RECORDED,
): MessageKey[] {
  const after = entry.after ?? {};
  const details: MessageKey[] = [];
  const period = text(after['period']);
  if (period) {
    details.push({ key: 'history.period', params: { period: format.period(period) } });
  }
  const revision = after['revision'];
  if (typeof revision === 'number' && revision > 0 && entry.action !== 'report.create') {
    details.push({ key: 'history.revision', params: { revision } });
  }
  const comment = text(after['comment']);
  if (comment) {
    details.push({ key: 'history.comment', params: { comment } });
  }
  const reason = text(after['reason']);
  if (reason) {
    details.push({ key: 'history.reason', params: { reason } });
  }
  const fileName = text(after['fileName']);
  if (fileName) {
    details.push({ key: 'history.file', params: { fileName } });
  }
  if (typeof after['score'] === 'number') {
    details.push({ key: 'history.score', params: { score: after['score'] } });
  }
  if (entry.action.endsWith('.update')) {
    const fields = Object.keys(after).filter((f) => f !== 'status');
    if (fields.length) {
      details.push({ key: 'history.changed', params: { fields: fields.map(format.field).join(', ') } });
    }
  }
  return details;
}
