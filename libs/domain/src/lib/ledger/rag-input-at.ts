import type { ReportStatus } from '../progress/report-state-machine';
import type { RagInput, RagReport } from '../rag/rag-status';
import type { IndicatorActualView } from '../tasks/task.types';
import type { TaskStatus } from '../tasks/task-state-machine';
import type { BusinessDate } from '../time/business-time';
import type { Period, ReportingCycle } from '../time/periods';

/** One submitted revision of a report, with its review if any (progress_report_version). */
export interface ReportRevisionFacts {
  revision: number;
  percentComplete: number;
  indicatorActuals: IndicatorActualView[];
  submittedAt: Date;
  decision: 'approve' | 'return' | null;
  reviewedAt: Date | null;
  score: number | null;
}

/** A period's report as stored now, with every submitted revision. */
export interface ReportHistory {
  period: Period;
  status: ReportStatus;
  percentComplete: number;
  indicatorActuals: IndicatorActualView[];
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  returnCount: number;
  revisions: ReportRevisionFacts[];
}

/** A task as stored now, with what is needed to tell how it stood at an earlier instant. */
export interface TaskHistory {
  status: TaskStatus;
  startDate: BusinessDate | null;
  dueDate: BusinessDate;
  assignedAt: Date | null;
  closedAt: Date | null;
  reportingCycle: ReportingCycle;
  /** Approved due-date amendments, in any order: applied at `at`, from `before` to `after`. */
  dueDateChanges: { at: Date; before: BusinessDate; after: BusinessDate }[];
  reports: ReportHistory[];
}

const before = (date: Date | null, instant: Date): date is Date => date !== null && date.getTime() < instant.getTime();

/** The latest revision submitted strictly before the instant, or null. */
export function revisionAt(report: ReportHistory, instant: Date): ReportRevisionFacts | null {
  let latest: ReportRevisionFacts | null = null;
  for (const revision of report.revisions) {
    if (before(revision.submittedAt, instant) && (!latest || revision.revision > latest.revision)) latest = revision;
  }
  return latest;
}

/**
 * A report as RAG saw it at an instant, from its revisions: submitted before the instant, then
 * approved or returned if reviewed before it. Null when it had not been submitted yet (a draft
 * counts for nothing). A report without stored revisions falls back to its current row.
 */
export function ragReportAt(report: ReportHistory, instant: Date): RagReport | null {
  if (!before(report.firstSubmittedAt, instant)) return null;
  const revision = revisionAt(report, instant);
  if (!revision) {
    return {
      period: report.period,
      status: report.status,
      percentComplete: report.percentComplete,
      firstSubmittedAt: report.firstSubmittedAt,
      submittedAt: report.submittedAt,
      returnCount: report.returnCount,
    };
  }
  const reviewed = before(revision.reviewedAt, instant) ? revision.decision : null;
  const status: ReportStatus = reviewed === 'approve' ? 'approved' : reviewed === 'return' ? 'returned' : 'submitted';
  return {
    period: report.period,
    status,
    percentComplete: revision.percentComplete,
    firstSubmittedAt: report.firstSubmittedAt,
    submittedAt: revision.submittedAt,
    returnCount: report.revisions.filter((r) => r.decision === 'return' && before(r.reviewedAt, instant)).length,
  };
}

/** The task's status at an instant: draft before assignment, its final status once closed. */
export function taskStatusAt(task: TaskHistory, instant: Date): TaskStatus {
  if (!before(task.assignedAt, instant) || task.status === 'draft') return 'draft';
  if (task.closedAt && task.closedAt.getTime() <= instant.getTime()) return task.status;
  // in_progress starts with the first submitted report (docs/rules.md).
  return task.reports.some((r) => before(r.firstSubmittedAt, instant)) ? 'in_progress' : 'assigned';
}

/** The due date in force at an instant: amendments approved after it are undone. */
export function dueDateAt(task: TaskHistory, instant: Date): BusinessDate {
  const later = task.dueDateChanges
    .filter((change) => change.at.getTime() > instant.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return later[0]?.before ?? task.dueDate;
}

/**
 * Everything computeRag() needs to answer for `instant` as it would have then: the status, due
 * date and report facts as they stood, from the stored rows and revisions. Used for the status
 * snapshots taken when a period closes, and for periods still open.
 */
export function ragInputAt(
  task: TaskHistory,
  instant: Date,
  settings: { reportDueDay: number; timeZone: string },
): RagInput {
  return {
    status: taskStatusAt(task, instant),
    startDate: task.startDate,
    dueDate: dueDateAt(task, instant),
    assignedAt: task.assignedAt,
    reportingCycle: task.reportingCycle,
    reports: task.reports.map((r) => ragReportAt(r, instant)).filter((r): r is RagReport => r !== null),
    now: instant,
    reportDueDay: settings.reportDueDay,
    timeZone: settings.timeZone,
  };
}
