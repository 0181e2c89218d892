import * as z from 'zod';
import { pageQueryShape } from '../common/paging.schemas';
import { REVIEW_QUEUE_DEFAULT_SORT, REVIEW_QUEUE_SORT_KEYS, sortQuerySchema } from '../common/list-sort';
import { periodSchema } from '../progress/progress.schemas';
import { LIST_EXPORT_FORMATS } from '../tasks/task.schemas';
import type { Period } from '../time/periods';
import { uuidSchema } from '../validation/common.schemas';

/**
 * What a to-do (待办) or done (已办) item is about. One union for the whole product: a feature that
 * gives someone something to act on adds its kind here (and its label in the web app).
 */
export const INBOX_ITEM_KINDS = [
  /** The lead department owes this period's report (deadline not passed). */
  'report_owed',
  /** The deadline passed and nothing was submitted: still owed, now late. */
  'report_overdue',
  /** Staff handed a draft over (`POST /api/progress/:id/ready`): the head submits it. */
  'draft_waiting_for_head',
  /** The committee returned the report: revise and resubmit. */
  'report_returned',
  /** A submitted report waits for the committee's review. */
  'report_submitted_for_review',
  /** A plan amendment a lead department proposed waits for the committee's decision. */
  'amendment_pending',
  /** 签收: an assigned task waits for its lead department's head to accept (or decline) it. */
  'task_to_accept',
  /** 催办: an urge of the committee waits for the lead department head's answer. */
  'urge_to_answer',
  /** 督办单: a supervision notice waits for the noticed department head's answer. */
  'notice_to_answer',
  /** 领导批示: a directive waits for the lead department head's answer. */
  'directive_to_answer',
  /** 退办: the lead department declined a task; the committee reassigns it or insists. */
  'task_declined',
  /** 办结销号: a close-out request waits for the committee to sign it off or reject it. */
  'close_out_to_sign',
  /**
   * A co-owning department owes its contribution for the current or the last closed period (a draft
   * counts as owed until the head submits it); `overdue` once the period's deadline has passed.
   */
  'contribution_owed',
] as const;
export type InboxItemKind = (typeof INBOX_ITEM_KINDS)[number];

export interface InboxItemView {
  /** Stable within the list: kind and record (`report_owed:<task>:<period>` where no record exists yet). */
  id: string;
  kind: InboxItemKind;
  taskId: string;
  taskTitle: string;
  workItemCode: string;
  leadDepartmentId: string;
  reportId: string | null;
  amendmentId: string | null;
  period: Period | null;
  /** The reporting deadline that applies (00:00 after the due day), null when none does (reviews, amendments). */
  dueAt: string | null;
  overdue: boolean;
  /** When the item arrived (submitted, handed over, returned, proposed), null for a report not begun. */
  since: string | null;
  /** Done items: when the caller did it, and what (the audit action). */
  doneAt: string | null;
  action: string | null;
}

export interface InboxCountsView {
  /** Open to-do items. */
  total: number;
  overdue: number;
  byKind: Record<InboxItemKind, number>;
}

const booleanFlag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const inboxQuerySchema = z.strictObject({ ...pageQueryShape, done: booleanFlag });
export type InboxQuery = z.output<typeof inboxQuerySchema>;

/** The badges take no parameters (unknown ones are refused like everywhere). */
export const inboxCountsQuerySchema = z.strictObject({});

export const reviewQueueQuerySchema = z.strictObject({
  ...pageQueryShape,
  focusArea: z
    .string()
    .regex(/^FA[1-8]$/, 'Must be FA1 … FA8')
    .optional(),
  /** The lead department (the one that reports). */
  department: uuidSchema.optional(),
  period: periodSchema.optional(),
  /** Only reports first submitted after their deadline (true) or on time (false). */
  late: booleanFlag,
  /** `submittedAt` (default), `-submittedAt`, … (REVIEW_QUEUE_SORT_KEYS); the cursor belongs to its sort. */
  sort: sortQuerySchema(REVIEW_QUEUE_SORT_KEYS, REVIEW_QUEUE_DEFAULT_SORT),
  /** A file of every matching report (`limit` and `cursor` ignored) instead of a page. */
  format: z.enum(LIST_EXPORT_FORMATS).optional(),
});
export type ReviewQueueQuery = z.output<typeof reviewQueueQuerySchema>;

/** A report field that changed between the returned revision and the resubmission. */
export interface ReportFieldChange {
  /** `percentComplete`, `summary`, …, or `indicatorActuals.<indicatorId>` for one actual. */
  field: string;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

export interface ReviewQueueItemView {
  reportId: string;
  taskId: string;
  taskTitle: string;
  workItemCode: string;
  focusAreaCode: string;
  leadDepartmentId: string;
  period: Period;
  revision: number;
  version: number;
  percentComplete: number;
  submittedAt: string;
  firstSubmittedAt: string;
  deadline: string;
  late: boolean;
  returnCount: number;
  /** Resubmitted after a return: what changed since the returned revision (empty on a first submission). */
  resubmitted: boolean;
  changes: ReportFieldChange[];
}
