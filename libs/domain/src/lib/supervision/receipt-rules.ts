import type { TaskStatus } from '../tasks/task-state-machine';
import type { WorkflowAction } from '../tasks/workflow-access';
import { type BusinessDate, businessDateOf } from '../time/business-time';
import { type WorkingCalendar, addWorkingDays } from '../calendar/working-days';

/** Default of ACCEPT_WORKING_DAYS: the lead department accepts a task within this many working days. */
export const DEFAULT_ACCEPT_WORKING_DAYS = 3;

/**
 * Where the receipt (签收) of a task stands. Not a task status: an unaccepted task still owes
 * reports and has its RAG.
 * - `not_applicable`: draft, completed or cancelled;
 * - `pending`: waiting for the lead department (again, after the committee insisted);
 * - `declined`: the lead department declined (退办); waiting for the committee to insist or reassign;
 * - `accepted`.
 */
export type ReceiptState = 'not_applicable' | 'pending' | 'declined' | 'accepted';

export interface ReceiptInput {
  status: TaskStatus;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  insistedAt: Date | null;
}

export function receiptState(task: ReceiptInput): ReceiptState {
  if (task.status !== 'assigned' && task.status !== 'in_progress') return 'not_applicable';
  if (task.acceptedAt) return 'accepted';
  if (task.declinedAt && !(task.insistedAt && task.insistedAt >= task.declinedAt)) return 'declined';
  return 'pending';
}

export type ReceiptAction = 'accept' | 'decline' | 'insist';

/** The workflow action (who may) behind each receipt action. */
export const RECEIPT_WORKFLOW_ACTIONS: Record<ReceiptAction, WorkflowAction> = {
  accept: 'task.accept',
  decline: 'task.decline',
  insist: 'task.insist',
};

/**
 * Which receipt actions the state allows (409 otherwise). Once the committee insisted, the lead
 * department can only accept: a task is declined once per lead department.
 */
export function allowedReceiptActions(task: ReceiptInput): ReceiptAction[] {
  const state = receiptState(task);
  if (state === 'pending') return task.insistedAt ? ['accept'] : ['accept', 'decline'];
  if (state === 'declined') return ['accept', 'insist'];
  return [];
}

/**
 * The last business date to accept a task whose receipt window opened at `openedAt` (its
 * assignment, a change of lead department, or the committee insisting): `workingDays` working
 * days after that day. Past its end the reminder job urges the department.
 */
export function acceptBy(
  openedAt: Date,
  workingDays: number,
  calendar: WorkingCalendar,
  timeZone: string,
): BusinessDate {
  return addWorkingDays(businessDateOf(openedAt, timeZone), workingDays, calendar);
}
