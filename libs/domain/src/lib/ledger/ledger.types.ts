import type { ReportStatus } from '../progress/report-state-machine';
import type { Rag, RagReason } from '../rag/rag-status';
import type { IndicatorActualView } from '../tasks/task.types';
import type { TaskStatus } from '../tasks/task-state-machine';
import type { NoticeColour } from '../supervision/notice-colour';
import type { UrgeLevel, UrgeStatus } from '../supervision/urge-rules';
import type { DirectiveStatus } from '../supervision/directive-rules';
import type { Compliance, Period, ReportingCycle } from '../time/periods';
import type { RankingComponents, RankingFormula, RankingInputs } from './ranking-formula';

/** The audit chain's newest event when a ledger was computed; null while the log is empty. */
export interface ChainHeadView {
  seq: number;
  hash: string;
}

/** A task's status recorded when one of its periods closed (status_snapshot). */
export interface StatusSnapshotView {
  taskId: string;
  period: Period;
  /** The period's deadline: the instant the snapshot describes. */
  takenAt: string;
  status: TaskStatus;
  rag: Rag | null;
  overdue: boolean;
  percentComplete: number;
  expectedPercent: number | null;
  reasons: RagReason[];
  /** Of the period itself, as it stood at its deadline: on time or missing. */
  compliance: Compliance | null;
  indicatorActuals: IndicatorActualView[];
  /** Everything computeRag() was given (dates as ISO strings), and `recordedAt`: when the row was written. */
  inputs: Record<string, unknown>;
}

export interface DepartmentRefView {
  id: string;
  code: string;
  name: string;
}

/** One submitted revision of the period's report and the committee's decision on it. */
export interface LedgerRevisionView {
  revision: number;
  submittedAt: string;
  percentComplete: number;
  decision: 'approve' | 'return' | null;
  comment: string | null;
  score: number | null;
  reviewedAt: string | null;
  reviewerName: string | null;
}

export interface LedgerReportView {
  id: string;
  status: ReportStatus;
  firstSubmittedAt: string | null;
  lastSubmittedAt: string | null;
  /** Whole days the first submission came after the deadline (late reports only). */
  daysLate: number | null;
  revisions: LedgerRevisionView[];
}

export interface LedgerMilestoneView {
  title: string;
  plannedDate: string;
  doneDate: string | null;
}

/** How the task stood at the period's close (a status snapshot), or now while the period is open. */
export interface LedgerStateView {
  source: 'snapshot' | 'computed';
  at: string;
  status: TaskStatus;
  rag: Rag | null;
  reasons: RagReason[];
  overdue: boolean;
  /** Days past the due date then (0 when not overdue). */
  overdueDays: number;
  dueDate: string;
  percentComplete: number;
  expectedPercent: number | null;
}

/** 签收 of the task as it stands when the ledger is generated. */
export interface LedgerReceiptView {
  acceptedAt: string | null;
  acceptedByName: string | null;
  /** 退办: when the lead department declined the task, and why. */
  declinedAt: string | null;
  declineReason: string | null;
  /** The committee insisted on the assignment after a decline (维持交办). */
  insistedAt: string | null;
  insistComment: string | null;
}

/** A 催办 issued during the task's report period, with its answer as it stands. */
export interface LedgerUrgeView {
  id: string;
  createdAt: string;
  automatic: boolean;
  message: string;
  respondBy: string;
  level: UrgeLevel;
  status: UrgeStatus;
  acknowledgedAt: string | null;
  respondedAt: string | null;
  response: string | null;
}

/** A 三色督办单 issued during the task's report period, with its answer as it stands. */
export interface LedgerNoticeView {
  id: string;
  /** 文号, e.g. 高新督〔2026〕3号. */
  number: string;
  colour: NoticeColour;
  issuedAt: string;
  respondBy: string;
  text: string;
  status: UrgeStatus;
  respondedAt: string | null;
  response: string | null;
}

/** A 领导批示 written during the task's report period, with its answer as it stands. */
export interface LedgerDirectiveView {
  id: string;
  issuedAt: string;
  issuedByName: string | null;
  text: string;
  respondBy: string;
  status: DirectiveStatus;
  respondedAt: string | null;
  response: string | null;
}

/** 办结销号: when the committee signed the task off, and who. */
export interface LedgerCloseOutView {
  signedAt: string;
  signedByName: string | null;
  summary: string;
  /** The names of the evidence files of the signed-off request (办结销号 佐证材料). */
  evidence: string[];
}

export interface LedgerTaskView {
  taskId: string;
  title: string;
  workItemCode: string;
  /** This department's part: lead (牵头) or co-owning (配合). */
  role: 'lead' | 'co';
  leadDepartment: DepartmentRefView;
  coDepartments: DepartmentRefView[];
  status: TaskStatus;
  dueDate: string;
  reportingCycle: ReportingCycle;
  /** The report period this ledger month covers for the task (the month, or the quarter it ends). */
  period: Period;
  deadline: string;
  milestones: {
    /** Milestones planned on or before the period's last day, and how many of them were done by then. */
    plannedByPeriodEnd: number;
    doneByPeriodEnd: number;
    items: LedgerMilestoneView[];
  };
  compliance: Compliance;
  report: LedgerReportView | null;
  atClose: LedgerStateView;
  receipt: LedgerReceiptView;
  /** Urges and notices issued within the report period (business dates), oldest first. */
  urges: LedgerUrgeView[];
  notices: LedgerNoticeView[];
  /** Directives written within the report period, oldest first. */
  directives: LedgerDirectiveView[];
  /** The sign-off of a completed task (whenever it happened); null while it is not closed out. */
  closeOut: LedgerCloseOutView | null;
  /** The task's score for the period by the ranking formula (one task's inputs). */
  score: number | null;
  scoreInputs: RankingInputs;
}

export interface LedgerDepartmentView extends DepartmentRefView {
  tasks: LedgerTaskView[];
}

/** 督办台账: per department, every task it leads or co-owns that owed (or filed) a report this period. */
export interface LedgerView {
  period: Period;
  /** Deadline of the month (and of the quarter it ends). */
  deadline: string;
  closed: boolean;
  generatedAt: string;
  chainHead: ChainHeadView | null;
  formulaVersion: string;
  departments: LedgerDepartmentView[];
}

export interface RankingEntryView extends DepartmentRefView {
  rank: number | null;
  score: number | null;
  components: RankingComponents;
  inputs: RankingInputs;
  formulaVersion: string;
}

/** 考核排名: departments by score for a period, each with the inputs to recompute it. */
export interface RankingView {
  period: Period;
  deadline: string;
  closed: boolean;
  generatedAt: string;
  chainHead: ChainHeadView | null;
  formula: RankingFormula;
  items: RankingEntryView[];
}
