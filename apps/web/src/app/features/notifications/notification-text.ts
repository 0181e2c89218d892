import type { Language, NotificationKind, NotificationView } from '@zibo/domain';
import type { MessageKey } from '../../core/forms/field-error-message';
import { periodLabel } from '../../core/i18n/display-format';

const KIND_KEYS: Record<NotificationKind, string> = {
  assigned: 'notifications.kinds.assigned',
  report_due: 'notifications.kinds.reportDue',
  overdue: 'notifications.kinds.overdue',
  returned: 'notifications.kinds.returned',
  approved: 'notifications.kinds.approved',
  submitted: 'notifications.kinds.submitted',
  password_reset: 'notifications.kinds.passwordReset',
  draft_ready: 'notifications.kinds.draftReady',
  declined: 'notifications.kinds.declined',
  insisted: 'notifications.kinds.insisted',
  urged: 'notifications.kinds.urged',
  urge_escalated: 'notifications.kinds.urgeEscalated',
  urge_answered: 'notifications.kinds.urgeAnswered',
  red_notice: 'notifications.kinds.redNotice',
  notice: 'notifications.kinds.notice',
  directive: 'notifications.kinds.directive',
  directive_answered: 'notifications.kinds.directiveAnswered',
  close_requested: 'notifications.kinds.closeRequested',
  close_rejected: 'notifications.kinds.closeRejected',
  closed_out: 'notifications.kinds.closedOut',
  mentioned: 'notifications.kinds.mentioned',
  bulletin_published: 'notifications.kinds.bulletinPublished',
};

/** What a notification says, in the UI language. */
export function notificationText(
  notification: Pick<NotificationView, 'kind' | 'payload'>,
  language: Language,
): MessageKey {
  const { title, period, respondBy, author, number } = notification.payload;
  return {
    key: KIND_KEYS[notification.kind] ?? 'notifications.kinds.other',
    params: {
      title: typeof title === 'string' ? title : '',
      period: typeof period === 'string' ? periodLabel(period, language) : '',
      respondBy: typeof respondBy === 'string' ? respondBy : '',
      author: typeof author === 'string' ? author : '',
      number: typeof number === 'string' ? number : '',
    },
  };
}

/** Where a notification leads: the report it is about, else its task. */
export function notificationLink(
  notification: Pick<NotificationView, 'taskId' | 'reportId'> & Partial<Pick<NotificationView, 'payload'>>,
): string[] | null {
  const bulletinId = notification.payload?.['bulletinId'];
  if (typeof bulletinId === 'string') {
    return ['/bulletins', bulletinId];
  }
  if (!notification.taskId) {
    return null;
  }
  return notification.reportId
    ? ['/tasks', notification.taskId, 'reports', notification.reportId]
    : ['/tasks', notification.taskId];
}
