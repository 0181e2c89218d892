import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  OPEN_TASK_STATUSES,
  type RagReport,
  type ReportStatus,
  type TaskStatus,
  businessDateOf,
  computeRag,
} from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { Clock } from '../../core/clock';
import { currentRequestContext } from '../../core/request-context/request-context';
import type { Task } from './task.entity';

interface TaskRow {
  id: string;
  status: TaskStatus;
  start_date: string | null;
  due_date: string;
  assigned_at: Date | null;
  reporting_cycle: 'monthly' | 'quarterly';
}

interface ReportRow {
  task_id: string;
  period: string;
  status: ReportStatus;
  percent_complete: number;
  first_submitted_at: Date | null;
  submitted_at: Date | null;
  return_count: number;
}

/** A task's derived columns as `refresh` stored them. */
export type ComputedStatus = Pick<
  Task,
  'id' | 'rag' | 'ragReasons' | 'overdue' | 'percentComplete' | 'expectedPercent' | 'ragComputedOn'
>;

// Fixed key: one process at a time recomputes the day's stale statuses.
const DAILY_REFRESH_LOCK = 720_210_004;
// Open tasks not computed today (the parameter `today`), spelt (literal statuses, no ANY) so that the
// partial index on rag_computed_on serves it.
const staleCondition = (today: string) => `t.status IN (${OPEN_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})
  AND (t.rag_computed_on IS NULL OR t.rag_computed_on < ${today}::date OR t.rag_computed_on > ${today}::date)`;
const STALE = staleCondition('$1');
// RequestContext.checked: this request found every open task's status computed for that day.
const freshKey = (today: string) => `task-statuses-fresh:${today}`;

/**
 * Keeps each task's stored RAG, overdue flag and percent equal to computeRag() of the domain
 * library: after every change to a task or its reports, and for all open tasks once per business
 * day (deadlines and due dates turn at 00:00 business time, so a daily refresh is exact).
 */
@Injectable()
export class TaskStatusRefresher {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(): string {
    return businessDateOf(this.clock.now(), this.config.businessTimeZone);
  }

  /** Recomputes the given tasks inside the caller's transaction; returns what it stored. */
  async refresh(tx: EntityManager, taskIds: string[]): Promise<ComputedStatus[]> {
    if (!taskIds.length) return [];
    const now = this.clock.now();
    const tasks: TaskRow[] = await tx.query(
      `SELECT id, status, start_date, due_date, assigned_at, reporting_cycle FROM task WHERE id = ANY($1)`,
      [taskIds],
    );
    const reports: ReportRow[] = await tx.query(
      `SELECT task_id, period, status, percent_complete, first_submitted_at, submitted_at, return_count
         FROM progress_report WHERE task_id = ANY($1)`,
      [taskIds],
    );
    const byTask = new Map<string, RagReport[]>();
    for (const r of reports) {
      const list = byTask.get(r.task_id) ?? [];
      list.push({
        period: r.period,
        status: r.status,
        percentComplete: r.percent_complete,
        firstSubmittedAt: r.first_submitted_at,
        submittedAt: r.submitted_at,
        returnCount: r.return_count,
      });
      byTask.set(r.task_id, list);
    }
    const today = businessDateOf(now, this.config.businessTimeZone);
    const results = tasks.map((task) => ({
      id: task.id,
      ...computeRag({
        status: task.status,
        startDate: task.start_date,
        dueDate: task.due_date,
        assignedAt: task.assigned_at,
        reportingCycle: task.reporting_cycle,
        reports: byTask.get(task.id) ?? [],
        now,
        reportDueDay: this.config.reportDueDay,
        timeZone: this.config.businessTimeZone,
      }),
    }));
    // Derived columns only: no version bump, the plan did not change.
    await tx.query(
      `UPDATE task t SET rag = r.rag, rag_reasons = string_to_array(r.reasons, ','), overdue = r.overdue,
              percent_complete = r.percent, expected_percent = r.expected, rag_computed_on = $6
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::int[], $7::int[])
              AS r(id, rag, reasons, overdue, percent, expected)
        WHERE t.id = r.id`,
      [
        results.map((r) => r.id),
        results.map((r) => r.rag),
        results.map((r) => r.reasons.join(',')),
        results.map((r) => r.overdue),
        results.map((r) => r.percentComplete),
        today,
        results.map((r) => r.expectedPercent),
      ],
    );
    return results.map((r) => ({
      id: r.id,
      rag: r.rag,
      ragReasons: r.reasons,
      overdue: r.overdue,
      percentComplete: r.percentComplete,
      expectedPercent: r.expectedPercent,
      ragComputedOn: today,
    }));
  }

  /**
   * The "anything stale?" probe as a column of another statement (true when some open task was not
   * computed today), so a read can ask it in its first statement instead of one of its own; the
   * answer goes to `settle`. `today` is the placeholder of the parameter holding `today()`.
   */
  staleColumn(today: string): string {
    return `EXISTS (SELECT 1 FROM task t WHERE ${staleCondition(today)})`;
  }

  /**
   * Acts on the answer of `staleColumn` (asked for `today`): recomputes if something was stale,
   * and notes for the rest of the request that nothing is, so its reads skip their own probe.
   */
  async settle(db: EntityManager, stale: boolean, today: string): Promise<void> {
    if (stale) await this.refreshStale(db);
    else currentRequestContext()?.checked.add(freshKey(today));
  }

  /**
   * A read of the stored statuses in one statement that also asks the stale-status probe: `read`
   * is given `today` (to pass, as a parameter, to `staleColumn`) and answers what it read and the
   * probe's answer. Were some status stale (the first read of a business day), recomputes every
   * stale one and reads again, given null (no probe): a read never shows yesterday's RAG. Otherwise
   * notes for the rest of the request that nothing is stale. A `read` that throws (a 404) throws
   * before anything is recomputed.
   */
  async readFresh<R extends { stale: boolean }>(
    db: EntityManager,
    read: (staleOn: string | null) => Promise<R>,
  ): Promise<R> {
    const today = this.today();
    const first = await read(today);
    await this.settle(db, first.stale, today);
    return first.stale ? read(null) : first;
  }

  /**
   * Brings every open task up to today if the day turned since its last computation. Called before
   * lists and dashboards read the stored columns, and by the daily job; cheap when nothing is stale:
   * one probe of a partial index (ix_task_open_rag_computed), never a scan of the task table, and
   * none at all when the same request already asked (`staleColumn` with the access guard's check).
   * Given a read outside a transaction, it opens one on the same connection for the recomputation.
   */
  async refreshStale(db: EntityManager): Promise<number> {
    const today = this.today();
    const checked = currentRequestContext()?.checked;
    if (checked?.has(freshKey(today))) return 0;
    const stale: unknown[] = await db.query(`SELECT 1 FROM task t WHERE ${STALE} LIMIT 1`, [today]);
    if (!stale.length) {
      checked?.add(freshKey(today));
      return 0;
    }
    const recompute = async (tx: EntityManager) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [DAILY_REFRESH_LOCK]);
      const ids: { id: string }[] = await tx.query(`SELECT id FROM task t WHERE ${STALE}`, [today]);
      await this.refresh(
        tx,
        ids.map((row) => row.id),
      );
      return ids.length;
    };
    // READ COMMITTED is the connections' default: one BEGIN, no SET TRANSACTION.
    return db.queryRunner?.isTransactionActive ? recompute(db) : db.transaction(recompute);
  }
}
