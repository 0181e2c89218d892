import { type BusinessDate, businessDateOf, daysBetween } from '../time/business-time';
import {
  type Compliance,
  type Period,
  type ReportingCycle,
  comparePeriods,
  complianceOf,
  currentReportingPeriod,
  deadlineOf,
  periodContaining,
  previousPeriod,
} from '../time/periods';
import { type ReportStatus, countsForProgress } from '../progress/report-state-machine';
import { type TaskStatus, isOpenTask } from '../tasks/task-state-machine';

export const RAG_STATUSES = ['red', 'amber', 'green'] as const;
export type Rag = (typeof RAG_STATUSES)[number];

/** How far behind the expected percent a task may be before it turns amber. */
export const AMBER_TOLERANCE_POINTS = 15;

/** One period's report of a task, as RAG needs it (its latest version). */
export interface RagReport {
  period: Period;
  status: ReportStatus;
  percentComplete: number;
  /** First submission of the period's report (any revision); null if never submitted. */
  firstSubmittedAt: Date | null;
  /** Latest submission, to pick the latest report when periods tie. */
  submittedAt: Date | null;
  /** How many times this period's report has been returned. */
  returnCount: number;
}

export interface RagInput {
  status: TaskStatus;
  startDate: BusinessDate | null;
  dueDate: BusinessDate;
  assignedAt: Date | null;
  reportingCycle: ReportingCycle;
  reports: RagReport[];
  now: Date;
  reportDueDay: number;
  timeZone: string;
}

export type RagReason =
  'overdue' | 'two_periods_missing' | 'returned_twice' | 'last_period_missing' | 'behind_schedule';

export interface RagResult {
  rag: Rag | null;
  overdue: boolean;
  /** Every rule that fired, strongest first (empty for green and none). */
  reasons: RagReason[];
  percentComplete: number;
  expectedPercent: number | null;
  lastClosedPeriod: Period | null;
  lastClosedCompliance: Compliance | null;
}

/** The later of the start date and the assignment date: when reporting and the schedule begin. */
export function effectiveStart(input: Pick<RagInput, 'startDate' | 'assignedAt' | 'timeZone'>): BusinessDate | null {
  const assigned = input.assignedAt ? businessDateOf(input.assignedAt, input.timeZone) : null;
  if (!assigned) return input.startDate;
  if (!input.startDate) return assigned;
  return input.startDate > assigned ? input.startDate : assigned;
}

/** The first period a task owes a report for. */
export function firstOwedPeriod(
  input: Pick<RagInput, 'startDate' | 'assignedAt' | 'timeZone' | 'reportingCycle'>,
): Period | null {
  const start = effectiveStart(input);
  return start ? periodContaining(start, input.reportingCycle) : null;
}

/**
 * Whether a task's report of `period` counts in the reporting compliance (on time, late, missing) of
 * the dashboard, and so in the ledger filtered by compliance: the task is open now and owed that
 * period (from its first owed period on).
 */
export function countsInCompliance(
  task: Pick<RagInput, 'status' | 'startDate' | 'assignedAt' | 'timeZone' | 'reportingCycle'>,
  period: Period,
): boolean {
  return countsInComplianceOf(task)(period);
}

/**
 * {@link countsInCompliance} for one task and any number of periods: the task's first owed period
 * (a time-zone conversion of its assignment) is worked out once, and not at all for a closed task.
 */
export function countsInComplianceOf(
  task: Pick<RagInput, 'status' | 'startDate' | 'assignedAt' | 'timeZone' | 'reportingCycle'>,
): (period: Period) => boolean {
  if (!isOpenTask(task.status)) return () => false;
  const first = firstOwedPeriod(task);
  return first === null ? () => false : (period) => comparePeriods(period, first) >= 0;
}

/**
 * The report whose percent counts: the latest submitted or approved one, by period, then by latest
 * submission; null before any. The api's SQL orders the same way (`period DESC, submitted_at DESC
 * NULLS LAST` over `COUNTED_REPORT_STATUSES`) and is tested against this function.
 */
export function latestCountedReport<R extends Pick<RagReport, 'period' | 'status' | 'submittedAt'>>(
  reports: readonly R[],
): R | null {
  const counted = reports
    .filter((r) => countsForProgress(r.status))
    .sort(
      (a, b) => comparePeriods(b.period, a.period) || (b.submittedAt?.getTime() ?? 0) - (a.submittedAt?.getTime() ?? 0),
    );
  return counted[0] ?? null;
}

/** The percent that counts: the latest submitted or approved report's; 0 before any. */
export function countedPercent(reports: readonly RagReport[]): number {
  return latestCountedReport(reports)?.percentComplete ?? 0;
}

/** 100 × the elapsed share of [start, due]; 100 once today ≥ due. */
export function expectedPercent(start: BusinessDate, due: BusinessDate, today: BusinessDate): number {
  if (today >= due) return 100;
  const total = daysBetween(start, due);
  if (total <= 0) return 100;
  const elapsed = Math.min(Math.max(daysBetween(start, today), 0), total);
  return Math.round((100 * elapsed) / total);
}

/**
 * RAG status (红黄绿灯) of a task at `now` — the one definition, used by the api for every list,
 * count and snapshot and by the web app for display (docs/rules.md):
 * - none for draft, completed and cancelled tasks;
 * - red: overdue; or the last two closed periods both missing; or the report of the current or last
 *   closed period returned twice and not yet approved;
 * - amber: the last closed period missing; or percent below expected − 15 points;
 * - green otherwise.
 */
export function computeRag(input: RagInput): RagResult {
  const percentComplete = countedPercent(input.reports);
  if (!isOpenTask(input.status)) {
    return {
      rag: null,
      overdue: false,
      reasons: [],
      percentComplete,
      expectedPercent: null,
      lastClosedPeriod: null,
      lastClosedCompliance: null,
    };
  }
  const today = businessDateOf(input.now, input.timeZone);
  const overdue = today > input.dueDate;
  const current = currentReportingPeriod(input.now, input.reportingCycle, input.reportDueDay, input.timeZone);
  const lastClosed = previousPeriod(current);
  const firstOwed = firstOwedPeriod(input);
  const byPeriod = new Map(input.reports.map((r) => [r.period, r]));

  /** Compliance of a closed period, or null when the task owed nothing for it. */
  const closedCompliance = (period: Period): Compliance | null => {
    if (!firstOwed || comparePeriods(period, firstOwed) < 0) return null;
    const deadline = deadlineOf(period, input.reportDueDay, input.timeZone);
    return complianceOf(byPeriod.get(period)?.firstSubmittedAt ?? null, deadline, input.now);
  };
  const lastClosedCompliance = closedCompliance(lastClosed);
  const beforeLastCompliance = closedCompliance(previousPeriod(lastClosed));

  const start = effectiveStart(input) ?? input.dueDate;
  const expected = expectedPercent(start, input.dueDate, today);

  const reasons: RagReason[] = [];
  if (overdue) reasons.push('overdue');
  if (lastClosedCompliance === 'missing' && beforeLastCompliance === 'missing') reasons.push('two_periods_missing');
  const returnedTwice = [current, lastClosed].some((period) => {
    const report = byPeriod.get(period);
    return report !== undefined && report.returnCount >= 2 && report.status !== 'approved';
  });
  if (returnedTwice) reasons.push('returned_twice');
  if (lastClosedCompliance === 'missing') reasons.push('last_period_missing');
  if (percentComplete < expected - AMBER_TOLERANCE_POINTS) reasons.push('behind_schedule');

  const red = reasons.some((r) => r === 'overdue' || r === 'two_periods_missing' || r === 'returned_twice');
  const rag: Rag = red ? 'red' : reasons.length ? 'amber' : 'green';
  return {
    rag,
    overdue,
    reasons,
    percentComplete,
    expectedPercent: expected,
    lastClosedPeriod: lastClosedCompliance === null ? null : lastClosed,
    lastClosedCompliance,
  };
}
