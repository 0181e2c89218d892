import type { CloseOutAction } from '../supervision/close-out-rules';
import type { CloseOutView } from '../supervision/supervision.types';
import type { ReceiptAction, ReceiptState } from '../supervision/receipt-rules';
import type { IndicatorDirection, IndicatorUnit } from '../indicators/indicator-rules';
import type { ReportStatus } from '../progress/report-state-machine';
import type { Rag, RagReason } from '../rag/rag-status';
import type { Compliance, Period, ReportingCycle } from '../time/periods';
import type { TaskAction, TaskStatus } from './task-state-machine';

export interface MilestoneView {
  id: string;
  title: string;
  plannedDate: string;
  /** The plan when the task was assigned; differs from plannedDate after an amendment. */
  baselinePlannedDate: string | null;
  doneDate: string | null;
}

export interface IndicatorView {
  id: string;
  name: string;
  unit: IndicatorUnit;
  baseline: number;
  target: number;
  baselineTarget: number | null;
  direction: IndicatorDirection;
  /** Latest actual from a submitted or approved report, with its period. */
  actual: number | null;
  actualPeriod: Period | null;
}

export interface ReportSummaryView {
  id: string;
  period: Period;
  status: ReportStatus;
  revision: number;
  /** null while the latest report is a draft without a percent yet. */
  percentComplete: number | null;
  submittedAt: string | null;
}

export interface TaskView {
  id: string;
  workItemCode: string;
  focusAreaCode: string;
  title: string;
  description: string;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  startDate: string | null;
  dueDate: string;
  /** The due date when the task was assigned (plan drift baseline). */
  baselineDueDate: string | null;
  reportingCycle: ReportingCycle;
  status: TaskStatus;
  version: number;
  rag: Rag | null;
  ragReasons: RagReason[];
  overdue: boolean;
  percentComplete: number;
  expectedPercent: number | null;
  assignedAt: string | null;
  /** 签收: when the lead department's head accepted the task (a field, not a status). */
  acceptedAt: string | null;
  /** 退办: when the lead department's head declined it, and why. */
  declinedAt: string | null;
  declineReason: string | null;
  /** When the committee kept the lead department after a decline, and what it said. */
  insistedAt: string | null;
  insistComment: string | null;
  receiptState: ReceiptState;
  createdAt: string;
  updatedAt: string;
  /** The last day to accept (working days after the receipt window opened); null unless pending. */
  acceptBy: string | null;
  /** Receipt actions the caller may take now (for buttons). */
  allowedReceiptActions: ReceiptAction[];
  milestones: MilestoneView[];
  indicators: IndicatorView[];
  latestReport: ReportSummaryView | null;
  /** Task actions the caller may take now (for buttons). */
  allowedActions: TaskAction[];
  /** 办结销号: the latest close-out request (null when none was made), and what the caller may do. */
  closeOut: CloseOutView | null;
  allowedCloseOutActions: CloseOutAction[];
}

export type TaskListItemView = Omit<
  TaskView,
  | 'milestones'
  | 'indicators'
  | 'description'
  | 'allowedActions'
  | 'acceptBy'
  | 'allowedReceiptActions'
  | 'closeOut'
  | 'allowedCloseOutActions'
>;

/**
 * `GET /api/tasks/totals`: how many tasks the list's filters match for the caller, in total, per
 * RAG (`none`: drafts and others not yet rated), per status, and overdue — the list's totals line.
 */
export interface TaskTotalsView {
  total: number;
  rag: Record<Rag | 'none', number>;
  status: Record<TaskStatus, number>;
  overdue: number;
}

export interface IndicatorActualView {
  indicatorId: string;
  value: number;
}

export interface ReportVersionView {
  revision: number;
  percentComplete: number;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: IndicatorActualView[];
  final: boolean;
  submittedAt: string;
  submittedById: string;
  decision: 'approve' | 'return' | null;
  reviewComment: string | null;
  score: number | null;
  reviewedAt: string | null;
  reviewedById: string | null;
}

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedById: string;
  /** Report files: the revision they were added for (submitted revisions + 1 while drafting); contributions 0. */
  revision: number;
}

export interface ReportView {
  id: string;
  taskId: string;
  period: Period;
  status: ReportStatus;
  /** Submission number of the current content: 1 for the first submission, +1 per revision. */
  revision: number;
  version: number;
  /** null while a draft has none yet (a submitted version always has one). */
  percentComplete: number | null;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: IndicatorActualView[];
  final: boolean;
  percentDecreaseReason: string | null;
  /** Who typed it (代填) and who submitted it (accountable). */
  authorId: string;
  submittedById: string | null;
  submittedAt: string | null;
  firstSubmittedAt: string | null;
  /** Staff handed the draft to their head (交负责人提交); null otherwise and once submitted. */
  readyAt: string | null;
  readyById: string | null;
  returnCount: number;
  reviewComment: string | null;
  score: number | null;
  compliance: Compliance;
  deadline: string;
  createdAt: string;
  updatedAt: string;
  /** Earlier submitted versions, oldest first: a returned version stays readable. */
  versions: ReportVersionView[];
  attachments: AttachmentView[];
  contributions: ContributionView[];
}

export interface ContributionView {
  id: string;
  taskId: string;
  departmentId: string;
  period: Period;
  status: 'draft' | 'submitted';
  version: number;
  /** null while a draft has none yet. */
  percentComplete: number | null;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: IndicatorActualView[];
  authorId: string;
  submittedById: string | null;
  submittedAt: string | null;
  attachments: AttachmentView[];
}
