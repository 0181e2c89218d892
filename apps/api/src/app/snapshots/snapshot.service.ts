import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type Compliance,
  type IndicatorActualView,
  type Page,
  type Period,
  type Rag,
  type RagReason,
  type ReportingCycle,
  type StatusSnapshotView,
  type TaskStatus,
  complianceOf,
  computeRag,
  deadlineOf,
  firstOwedPeriod,
  lastClosedPeriod,
  periodsBetween,
  ragInputAt,
  revisionAt,
} from '@zibo/domain';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { type LoadedTaskHistory, TaskHistoryLoader } from './task-history.loader';

// Fixed key: one process at a time writes the snapshots of the periods that closed.
const snapshotsCursor = z.tuple([cursorKey.text(8)]);

const SNAPSHOT_LOCK = 720_210_010;
// Rows per INSERT statement when many periods are due at once (first run over old tasks).
const INSERT_BATCH = 500;

interface CandidateRow {
  id: string;
  start_date: string | null;
  assigned_at: Date;
  closed_at: Date | null;
  reporting_cycle: ReportingCycle;
  taken: number;
}

interface DueSnapshot {
  taskId: string;
  period: Period;
  deadline: Date;
}

interface SnapshotRow {
  task_id: string;
  period: string;
  taken_at: Date;
  status: TaskStatus;
  rag: Rag | null;
  overdue: boolean;
  percent_complete: number;
  expected_percent: number | null;
  reasons: RagReason[];
  compliance: Compliance | null;
  indicator_actuals: IndicatorActualView[];
  inputs: Record<string, unknown>;
}

function toSnapshotView(row: SnapshotRow): StatusSnapshotView {
  return {
    taskId: row.task_id,
    period: row.period,
    takenAt: row.taken_at.toISOString(),
    status: row.status,
    rag: row.rag,
    overdue: row.overdue,
    percentComplete: row.percent_complete,
    expectedPercent: row.expected_percent,
    reasons: row.reasons,
    compliance: row.compliance,
    indicatorActuals: row.indicator_actuals,
    inputs: row.inputs,
  };
}

/**
 * Status snapshots (docs/rules.md: "a period closes at its deadline; status snapshots are taken then"):
 * for every task open when a period it owed closed, the RAG computeRag() gave at that deadline,
 * from the report facts as they stood then, with the whole input kept so the light can be
 * recomputed and explained later. Rows are append-only and written once per (task, period).
 */
@Injectable()
export class SnapshotService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly loader: TaskHistoryLoader,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Takes every snapshot due by `now` and not yet taken; returns how many it wrote. Cheap when
   * nothing is due, so reads call it first. Safe across api processes: an advisory lock serialises
   * writers and `ON CONFLICT DO NOTHING` keeps one row per (task, period) whatever happens.
   * `taskIds` limits the run to those tasks (a bulk load catches up batch by batch).
   */
  async takeDue(now: Date = this.clock.now(), taskIds?: string[]): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      if (!(await this.due(tx, now, taskIds)).length) return 0;
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SNAPSHOT_LOCK]);
      // Again after the lock: the process that held it may have taken them all.
      const due = await this.due(tx, now, taskIds);
      if (!due.length) return 0;
      const histories = await this.loader.load(tx, [...new Set(due.map((d) => d.taskId))]);
      const rows = due.flatMap((d) => {
        const history = histories.get(d.taskId);
        return history ? [this.snapshotOf(history, d, now)] : [];
      });
      let written = 0;
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        written += await this.insert(tx, rows.slice(i, i + INSERT_BATCH));
      }
      return written;
    });
  }

  /** Tasks with their reports, revisions and due-date amendments, for ragInputAt() at any instant. */
  loadHistories(tx: EntityManager, taskIds: string[]): Promise<Map<string, LoadedTaskHistory>> {
    return this.loader.load(tx, taskIds);
  }

  /** A task's snapshots, oldest period first. */
  async list(taskId: string, limit: number, cursor: string | undefined): Promise<Page<StatusSnapshotView>> {
    // The cursor first: a refused request (400) must not write the snapshots it would have taken.
    const [after] = decodeCursor(cursor, snapshotsCursor) ?? [''];
    await this.takeDue();
    const rows: SnapshotRow[] = await this.unitOfWork.run((tx) =>
      tx.query(`SELECT * FROM status_snapshot WHERE task_id = $1 AND period > $2 ORDER BY period LIMIT $3`, [
        taskId,
        after,
        limit + 1,
      ]),
    );
    const items = rows.slice(0, limit).map(toSnapshotView);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.period]) : null };
  }

  /**
   * The (task, period) pairs whose snapshot is due: periods from the task's first owed one to the
   * last closed at `now`, while it was open at their deadline. Counts first, periods only for the
   * tasks whose count is short, so the usual "nothing due" answer costs one grouped query.
   */
  private async due(tx: EntityManager, now: Date, taskIds?: string[]): Promise<DueSnapshot[]> {
    const { reportDueDay, businessTimeZone: timeZone } = this.config;
    const tasks: CandidateRow[] = await tx.query(
      `SELECT t.id, t.start_date, t.assigned_at, t.closed_at, t.reporting_cycle, count(s.task_id)::int AS taken
         FROM task t LEFT JOIN status_snapshot s ON s.task_id = t.id
        WHERE t.status <> 'draft' AND t.assigned_at IS NOT NULL AND t.assigned_at < $1
          AND ($2::uuid[] IS NULL OR t.id = ANY($2))
        GROUP BY t.id`,
      [now, taskIds ?? null],
    );
    const owed = new Map<string, DueSnapshot[]>();
    for (const task of tasks) {
      const first = firstOwedPeriod({
        startDate: task.start_date,
        assignedAt: task.assigned_at,
        reportingCycle: task.reporting_cycle,
        timeZone,
      });
      if (!first) continue;
      const periods: DueSnapshot[] = [];
      for (const period of periodsBetween(first, lastClosedPeriod(now, task.reporting_cycle, reportDueDay, timeZone))) {
        const deadline = deadlineOf(period, reportDueDay, timeZone);
        // Closed (completed or cancelled) at or before the deadline: it owed nothing more.
        if (task.closed_at && task.closed_at.getTime() <= deadline.getTime()) break;
        periods.push({ taskId: task.id, period, deadline });
      }
      if (periods.length !== task.taken) owed.set(task.id, periods);
    }
    if (!owed.size) return [];
    const taken: { task_id: string; period: string }[] = await tx.query(
      `SELECT task_id, period FROM status_snapshot WHERE task_id = ANY($1)`,
      [[...owed.keys()]],
    );
    const done = new Set(taken.map((t) => `${t.task_id}:${t.period}`));
    return [...owed.values()].flat().filter((d) => !done.has(`${d.taskId}:${d.period}`));
  }

  /** What computeRag() answered at the period's deadline, from the facts as they stood then. */
  private snapshotOf(history: LoadedTaskHistory, due: DueSnapshot, now: Date): SnapshotRow {
    const input = ragInputAt(history, due.deadline, {
      reportDueDay: this.config.reportDueDay,
      timeZone: this.config.businessTimeZone,
    });
    const result = computeRag(input);
    const report = history.reports.find((r) => r.period === due.period);
    const submittedThen = report?.firstSubmittedAt && report.firstSubmittedAt.getTime() < due.deadline.getTime();
    const revision = report ? revisionAt(report, due.deadline) : null;
    return {
      task_id: history.id,
      period: due.period,
      taken_at: due.deadline,
      status: input.status,
      rag: result.rag,
      overdue: result.overdue,
      percent_complete: result.percentComplete,
      expected_percent: result.expectedPercent,
      reasons: result.reasons,
      compliance: complianceOf(submittedThen ? (report?.firstSubmittedAt ?? null) : null, due.deadline, due.deadline),
      indicator_actuals: revision?.indicatorActuals ?? (submittedThen ? (report?.indicatorActuals ?? []) : []),
      // Dates become ISO strings; recordedAt says when the row was written (it may be after the deadline).
      inputs: { ...(JSON.parse(JSON.stringify(input)) as Record<string, unknown>), recordedAt: now.toISOString() },
    };
  }

  private async insert(tx: EntityManager, rows: SnapshotRow[]): Promise<number> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO status_snapshot (task_id, period, taken_at, status, rag, overdue, percent_complete, expected_percent,
                                    reasons, compliance, indicator_actuals, inputs)
       SELECT r.task_id, r.period, r.taken_at, r.status, r.rag, r.overdue, r.percent, r.expected,
              string_to_array(r.reasons, ','), r.compliance, r.actuals::jsonb, r.inputs::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::boolean[], $7::int[],
                     $8::int[], $9::text[], $10::text[], $11::text[], $12::text[])
              AS r(task_id, period, taken_at, status, rag, overdue, percent, expected, reasons, compliance, actuals, inputs)
       ON CONFLICT DO NOTHING
       RETURNING task_id`,
      [
        rows.map((r) => r.task_id),
        rows.map((r) => r.period),
        rows.map((r) => r.taken_at),
        rows.map((r) => r.status),
        rows.map((r) => r.rag),
        rows.map((r) => r.overdue),
        rows.map((r) => r.percent_complete),
        rows.map((r) => r.expected_percent),
        rows.map((r) => r.reasons.join(',')),
        rows.map((r) => r.compliance),
        rows.map((r) => JSON.stringify(r.indicator_actuals)),
        rows.map((r) => JSON.stringify(r.inputs)),
      ],
    );
    return inserted.length;
  }
}
