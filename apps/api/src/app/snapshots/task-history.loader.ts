import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  IndicatorActualView,
  ReportHistory,
  ReportStatus,
  ReportingCycle,
  TaskHistory,
  TaskStatus,
} from '@zibo/domain';

interface TaskRow {
  id: string;
  status: TaskStatus;
  start_date: string | null;
  due_date: string;
  assigned_at: Date | null;
  closed_at: Date | null;
  reporting_cycle: ReportingCycle;
}

interface ReportRow {
  id: string;
  task_id: string;
  period: string;
  status: ReportStatus;
  percent_complete: number;
  indicator_actuals: IndicatorActualView[];
  first_submitted_at: Date | null;
  submitted_at: Date | null;
  return_count: number;
}

interface RevisionRow {
  report_id: string;
  revision: number;
  percent_complete: number | null;
  indicator_actuals: IndicatorActualView[] | null;
  submitted_at: Date;
  decision: 'approve' | 'return' | null;
  reviewed_at: Date | null;
  score: number | null;
}

interface DueDateChangeRow {
  task_id: string;
  decided_at: Date;
  before: string;
  after: string;
}

/** A task's history keyed by id, with its reports' ids by period (for callers that need more). */
export interface LoadedTaskHistory extends TaskHistory {
  id: string;
  reportIds: Map<string, string>;
}

/**
 * Loads tasks with every report, every submitted revision and the approved due-date amendments:
 * what ragInputAt() of the domain needs to tell how a task stood at an earlier instant.
 */
@Injectable()
export class TaskHistoryLoader {
  async load(tx: EntityManager, taskIds: string[]): Promise<Map<string, LoadedTaskHistory>> {
    const histories = new Map<string, LoadedTaskHistory>();
    if (!taskIds.length) return histories;
    const tasks: TaskRow[] = await tx.query(
      `SELECT id, status, start_date, due_date, assigned_at, closed_at, reporting_cycle FROM task WHERE id = ANY($1)`,
      [taskIds],
    );
    for (const t of tasks) {
      histories.set(t.id, {
        id: t.id,
        status: t.status,
        startDate: t.start_date,
        dueDate: t.due_date,
        assignedAt: t.assigned_at,
        closedAt: t.closed_at,
        reportingCycle: t.reporting_cycle,
        dueDateChanges: [],
        reports: [],
        reportIds: new Map(),
      });
    }
    const reports: ReportRow[] = await tx.query(
      `SELECT id, task_id, period, status, percent_complete, indicator_actuals, first_submitted_at, submitted_at,
              return_count
         FROM progress_report WHERE task_id = ANY($1)`,
      [taskIds],
    );
    const revisions: RevisionRow[] = await tx.query(
      `SELECT v.report_id, v.revision, (v.content ->> 'percentComplete')::int AS percent_complete,
              v.content -> 'indicatorActuals' AS indicator_actuals, v.submitted_at, v.decision, v.reviewed_at, v.score
         FROM progress_report_version v JOIN progress_report r ON r.id = v.report_id
        WHERE r.task_id = ANY($1)`,
      [taskIds],
    );
    const revisionsByReport = new Map<string, RevisionRow[]>();
    for (const v of revisions) {
      revisionsByReport.set(v.report_id, [...(revisionsByReport.get(v.report_id) ?? []), v]);
    }
    for (const r of reports) {
      const history = histories.get(r.task_id);
      if (!history) continue;
      const report: ReportHistory = {
        period: r.period,
        status: r.status,
        percentComplete: r.percent_complete,
        indicatorActuals: r.indicator_actuals,
        firstSubmittedAt: r.first_submitted_at,
        submittedAt: r.submitted_at,
        returnCount: r.return_count,
        revisions: (revisionsByReport.get(r.id) ?? []).map((v) => ({
          revision: v.revision,
          percentComplete: v.percent_complete ?? r.percent_complete,
          indicatorActuals: v.indicator_actuals ?? [],
          submittedAt: v.submitted_at,
          decision: v.decision,
          reviewedAt: v.reviewed_at,
          score: v.score,
        })),
      };
      history.reports.push(report);
      history.reportIds.set(r.period, r.id);
    }
    const changes: DueDateChangeRow[] = await tx.query(
      `SELECT task_id, decided_at, changes -> 'dueDate' ->> 'before' AS before, changes -> 'dueDate' ->> 'after' AS after
         FROM amendment
        WHERE task_id = ANY($1) AND status = 'approved' AND decided_at IS NOT NULL AND changes ? 'dueDate'`,
      [taskIds],
    );
    for (const c of changes) {
      histories.get(c.task_id)?.dueDateChanges.push({ at: c.decided_at, before: c.before, after: c.after });
    }
    return histories;
  }
}
