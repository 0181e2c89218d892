import { type ReportSummaryView, lastSubmittedStatus, recordAccess } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { type SqlCondition, reportColumns, visibleRecordCondition } from './record-visibility';

/*
 * A task's latest report as the reader may see it, read beside the task in the same statement: a
 * LATERAL join on the task row aliased `t`, one row (or NULLs) per task, served by the report's
 * unique (task_id, period) index backwards. Another department skips the lead's first draft of a
 * period, and sees a report being revised as it stood at its last submission.
 */

/** The join's columns (all NULL for a task without a report the reader may see). */
export interface LatestReportColumns {
  lr_id: string | null;
  lr_period: string | null;
  lr_status: ReportSummaryView['status'] | null;
  lr_revision: number | null;
  lr_percent: number | null;
  lr_submitted_at: Date | null;
  lr_last_decision: 'approve' | 'return' | null;
  lr_last_percent: number | null;
  lr_last_submitted_at: Date | null;
}

/** `LEFT JOIN LATERAL (…) lr ON true` on task `t`, its parameters numbered from `$<firstParam>`. */
export function latestReportJoin(reader: AuthUser, firstParam: number): SqlCondition {
  const visible = visibleRecordCondition(reader, reportColumns('r', 't'), firstParam);
  return {
    sql: `LEFT JOIN LATERAL (
      SELECT r.id AS lr_id, r.period AS lr_period, r.status AS lr_status, r.revision AS lr_revision,
             r.percent_complete AS lr_percent, r.submitted_at AS lr_submitted_at, v.decision AS lr_last_decision,
             (v.content ->> 'percentComplete')::int AS lr_last_percent, v.submitted_at AS lr_last_submitted_at
        FROM progress_report r
        LEFT JOIN progress_report_version v ON v.report_id = r.id AND v.revision = r.revision
       WHERE r.task_id = t.id AND ${visible.sql}
       ORDER BY r.period DESC LIMIT 1) lr ON true`,
    params: visible.params,
  };
}

/** The report summary of the join's columns, for a task led by `leadDepartmentId`. */
export function latestReportOf(
  reader: AuthUser,
  leadDepartmentId: string,
  row: LatestReportColumns,
): ReportSummaryView | null {
  if (row.lr_id === null || row.lr_period === null || row.lr_status === null || row.lr_revision === null) return null;
  const asSubmitted =
    recordAccess(reader, {
      ownerDepartmentId: leadDepartmentId,
      status: row.lr_status,
      submittedRevisions: row.lr_revision,
    }) === 'last-submitted';
  const percent = row.lr_percent ?? 0;
  const submittedAt = asSubmitted ? row.lr_last_submitted_at : row.lr_submitted_at;
  return {
    id: row.lr_id,
    period: row.lr_period,
    status: asSubmitted ? lastSubmittedStatus(row.lr_last_decision) : row.lr_status,
    revision: row.lr_revision,
    percentComplete: asSubmitted ? (row.lr_last_percent ?? percent) : percent,
    submittedAt: submittedAt ? submittedAt.toISOString() : null,
  };
}
