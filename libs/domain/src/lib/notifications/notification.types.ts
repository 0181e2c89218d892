export const NOTIFICATION_KINDS = [
  'assigned',
  'report_due',
  'overdue',
  'returned',
  'approved',
  'submitted',
  'password_reset',
  'draft_ready',
  // 督查督办: a decline (to the committee), the committee insisting (to the head), urges and their escalation
  'declined',
  'insisted',
  'urged',
  'urge_escalated',
  'urge_answered',
  'red_notice',
  'notice',
  // 领导批示 to the lead head and its answer to the committee member; 办结销号 requests and decisions
  'directive',
  'directive_answered',
  'close_requested',
  'close_rejected',
  'closed_out',
  // Someone named the user in a comment; the committee published a bulletin (督查通报).
  'mentioned',
  'bulletin_published',
] as const;
/**
 * Why a user was notified: a task assigned, a report coming due or overdue, reviewed or submitted, or
 * their password reset by an administrator, a staff member's draft handed to the head, or a step of 督查督办 (receipt, urges, notices).
 */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification's `payload` may carry (all optional: older rows carry less). */
export interface NotificationPayload {
  title?: string;
  period?: string;
  comment?: string | null;
  [key: string]: unknown;
}

/** One item of `GET /api/notifications`. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  taskId: string | null;
  reportId: string | null;
  payload: NotificationPayload;
  createdAt: string;
  readAt: string | null;
}
