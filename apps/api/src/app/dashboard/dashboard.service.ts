import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type BusinessDate,
  COUNTED_REPORT_STATUSES,
  type Compliance,
  type IndicatorFact,
  type DashboardView,
  type Period,
  type Rag,
  type ReportingCycle,
  type TaskStatus,
  REPORTING_CYCLES,
  businessDateOf,
  complianceOf,
  countsInComplianceOf,
  currentReportingPeriod,
  daysBetween,
  deadlineOf,
  previousPeriod,
  startOfBusinessDate,
  taskPeriodOfLedgerMonth,
} from '@zibo/domain';
import { DateTime } from 'luxon';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { problems } from '../../core/problems/problem.exception';
import { SnapshotService } from '../snapshots';
import { TaskStatusRefresher, visibleTaskCondition } from '../tasks';
import { type DashboardReference, type DashboardTaskFacts, DashboardTally, assembleDashboard } from './dashboard-view';

interface TaskRow {
  id: string;
  /** Read for overdue tasks only (the only ones the dashboard names). */
  title: string | null;
  work_item_code: string;
  lead_department_id: string;
  status: TaskStatus;
  rag: Rag | null;
  overdue: boolean;
  percent_complete: number;
  due_date: string;
  reporting_cycle: ReportingCycle;
  start_date: BusinessDate | null;
  assigned_at: Date | null;
  last_closed_submitted_at: Date | null;
  current_submitted: boolean;
  /** [baseline, target, latest counted actual] of each indicator in order; null: none. */
  indicators: [number, number, number | null][] | null;
}

/** The live read's row beside the tasks: the stale-status probe's answer and the reference data. */
interface ReferenceRow {
  id: null;
  stale: boolean;
  areas: DashboardReference['areas'] | null;
  departments: DashboardReference['departments'] | null;
}

/** Focus areas and departments, as two columns (`areas`, `departments`) of one row: names are never cached. */
const REFERENCE_COLUMNS = `(SELECT json_agg(json_build_object('code', code, 'name', name, 'name_en', name_en) ORDER BY position)
     FROM focus_area) AS areas,
  (SELECT json_agg(json_build_object('id', id, 'code', code, 'name', name) ORDER BY code)
     FROM department) AS departments`;

/**
 * Whether a task of this cycle counts in the compliance of the last closed month: the tasks that
 * month's ledger covers (a quarterly task only in a quarter's last month, when its quarter closes at
 * the same deadline), so a compliance number and the ledger it opens list the same tasks.
 */
function inLastClosedMonth(month: Period, cycle: ReportingCycle): boolean {
  return taskPeriodOfLedgerMonth(month, cycle) !== null;
}

interface SnapshotTaskRow {
  id: string;
  title: string;
  work_item_code: string;
  lead_department_id: string;
  task_status: TaskStatus;
  closed_at: Date | null;
  reporting_cycle: ReportingCycle;
  task_percent: number;
  task_due_date: string;
  snapshot_period: string | null;
  status: TaskStatus | null;
  rag: Rag | null;
  overdue: boolean | null;
  percent_complete: number | null;
  snapshot_due_date: string | null;
  compliance: Compliance | null;
  last_closed_submitted_at: Date | null;
  current_submitted: boolean;
  indicators: IndicatorFact[];
}

/**
 * A task's indicators with the latest actual of each from its counted (submitted or approved)
 * reports first submitted before an instant — the historical view's rule — as a JSON column of the
 * task's row: no statement more. `$statuses` is the placeholder of COUNTED_REPORT_STATUSES,
 * `submittedBefore` that of the instant. Each indicator reads its task's reports newest period
 * first through uq_progress_report_task_period and stops at the first that names it. (The live view
 * reads the value kept on each indicator instead: it is this with no instant.)
 */
function indicatorsAsOfColumn(statuses: string, submittedBefore: string): string {
  return `(SELECT COALESCE(json_agg(json_build_object('baseline', i.baseline, 'target', i.target, 'actual', la.value)
                                    ORDER BY i.position), '[]')
             FROM indicator i
             LEFT JOIN LATERAL (
                  SELECT (a ->> 'value')::numeric AS value
                    FROM progress_report r, jsonb_array_elements(r.indicator_actuals) a
                   WHERE r.task_id = t.id AND r.status = ANY(${statuses}) AND r.first_submitted_at < ${submittedBefore}
                     AND a ->> 'indicatorId' = i.id::text
                   ORDER BY r.period DESC LIMIT 1) la ON true
            WHERE i.task_id = t.id) AS indicators`;
}

type CyclePeriods = Record<ReportingCycle, { current: Period; lastClosed: Period; lastClosedDeadline: Date }>;

/**
 * The committee's overview (and each department's own): counts by focus area, department, status
 * and RAG, overdue tasks, compliance of the last closed period and submissions for the current one.
 * Scoped by the same visibility rule as every task list. Live, or as of a past date from the status
 * snapshots taken when periods closed.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly refresher: TaskStatusRefresher,
    private readonly snapshots: SnapshotService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(user: AuthUser): Promise<DashboardView> {
    const now = this.clock.now();
    const zone = this.config.businessTimeZone;
    // Only the two periods per cycle the dashboard shows are read: not every report of every task.
    const periods = this.periodsAt(now);
    // One statement: the tasks, the reference data and the stale-status probe. Were some status
    // stale (the first read of a business day), the counts may show it: recompute and read again.
    return this.unitOfWork.read(async (db) => {
      const { tasks, reference } = await this.refresher.readFresh(db, (staleOn) =>
        this.liveRows(db, user, periods, staleOn),
      );
      const today = businessDateOf(now, zone);
      const counted = new DashboardTally(reference);
      // Whether the last closed month's ledger covers a task of the cycle: once per cycle, not per task.
      const inLastClosed = Object.fromEntries(
        REPORTING_CYCLES.map((cycle) => [cycle, inLastClosedMonth(periods.monthly.lastClosed, cycle)]),
      ) as Record<ReportingCycle, boolean>;
      for (const row of tasks) {
        const p = periods[row.reporting_cycle];
        // The ledger's `compliance` filter lists exactly these tasks, by the same rule.
        const owes = countsInComplianceOf({
          status: row.status,
          startDate: row.start_date,
          assignedAt: row.assigned_at,
          reportingCycle: row.reporting_cycle,
          timeZone: zone,
        });
        counted.add({
          id: row.id,
          title: row.title ?? '',
          workItemCode: row.work_item_code,
          leadDepartmentId: row.lead_department_id,
          status: row.status,
          rag: row.rag,
          overdue: row.overdue,
          percentComplete: row.percent_complete,
          dueDate: row.due_date,
          daysOverdue: row.overdue ? daysBetween(row.due_date, today) : null,
          lastClosed:
            inLastClosed[row.reporting_cycle] && owes(p.lastClosed)
              ? complianceOf(row.last_closed_submitted_at, p.lastClosedDeadline, now)
              : null,
          currentSubmitted: owes(p.current) ? row.current_submitted : null,
          indicators: (row.indicators ?? []).map(([baseline, target, actual]) => ({ baseline, target, actual })),
        });
      }
      return counted.view({
        generatedAt: now.toISOString(),
        today,
        currentPeriod: periods.monthly.current,
        lastClosedPeriod: periods.monthly.lastClosed,
      });
    });
  }

  /**
   * The dashboard as it stood at the end of a past business date, from the status snapshots of the
   * last period closed by then: each task open at that close counts with the status, RAG, overdue
   * flag and percent recorded at it; tasks completed or cancelled by the end of the date count with
   * their final status. Compliance of that period turns from missing to late, and the current
   * period's submissions count, by first submissions made before the end of the date (a fact that
   * never changes). Drafts, and tasks assigned after that close, had no recorded state: not counted.
   */
  async buildAsOf(user: AuthUser, asOf: BusinessDate): Promise<DashboardView> {
    const now = this.clock.now();
    const zone = this.config.businessTimeZone;
    if (asOf > businessDateOf(now, zone)) {
      throw problems.invalid([{ field: 'asOf', code: 'future', message: 'Must be today or a past date' }]);
    }
    await this.snapshots.takeDue(now);
    const nextDay = DateTime.fromISO(asOf, { zone: 'UTC' }).plus({ days: 1 }).toISODate() as string;
    const end = startOfBusinessDate(nextDay, zone);
    // The last instant of the date (or now, for today): periods and deadlines are judged there.
    const instant = new Date(Math.min(end.getTime() - 1, now.getTime()));
    const periods = this.periodsAt(instant);
    return this.unitOfWork.run(async (tx) => {
      const visible = visibleTaskCondition(user, 't', 7);
      const rows: SnapshotTaskRow[] = await tx.query(
        `SELECT t.id, t.title, t.work_item_code, t.lead_department_id, t.status AS task_status, t.closed_at, t.reporting_cycle,
                t.percent_complete AS task_percent, t.due_date AS task_due_date,
                s.period AS snapshot_period, s.status, s.rag, s.overdue, s.percent_complete, s.compliance,
                s.inputs ->> 'dueDate' AS snapshot_due_date,
                (SELECT r.first_submitted_at FROM progress_report r
                  WHERE r.task_id = t.id AND r.period = s.period AND r.first_submitted_at < $1) AS last_closed_submitted_at,
                EXISTS (SELECT 1 FROM progress_report r
                  WHERE r.task_id = t.id AND r.first_submitted_at < $1
                    AND r.period = CASE t.reporting_cycle WHEN 'monthly' THEN $4 ELSE $5 END) AS current_submitted,
                ${indicatorsAsOfColumn('$6', '$1')}
           FROM task t
           LEFT JOIN status_snapshot s ON s.task_id = t.id AND s.taken_at < $1
                AND s.period = CASE t.reporting_cycle WHEN 'monthly' THEN $2 ELSE $3 END
          WHERE ${visible.sql}
            AND (s.task_id IS NOT NULL OR (t.status IN ('completed', 'cancelled') AND t.closed_at < $1))`,
        [
          end,
          periods.monthly.lastClosed,
          periods.quarterly.lastClosed,
          periods.monthly.current,
          periods.quarterly.current,
          COUNTED_REPORT_STATUSES,
          ...visible.params,
        ],
      );
      const facts = rows.map((row): DashboardTaskFacts => {
        const base = {
          id: row.id,
          title: row.title,
          workItemCode: row.work_item_code,
          leadDepartmentId: row.lead_department_id,
        };
        if (row.closed_at && row.closed_at.getTime() < end.getTime()) {
          const status = row.task_status;
          return {
            ...base,
            status,
            rag: null,
            overdue: false,
            percentComplete: row.task_percent,
            dueDate: row.task_due_date,
            daysOverdue: null,
            lastClosed: null,
            currentSubmitted: null,
            indicators: row.indicators,
          };
        }
        const dueDate = row.snapshot_due_date ?? row.task_due_date;
        const deadline = deadlineOf(row.snapshot_period as string, this.config.reportDueDay, zone);
        return {
          ...base,
          status: row.status as TaskStatus,
          rag: row.rag,
          overdue: row.overdue === true,
          percentComplete: row.percent_complete ?? 0,
          dueDate,
          daysOverdue: row.overdue ? daysBetween(dueDate, asOf) : null,
          lastClosed: inLastClosedMonth(periods.monthly.lastClosed, row.reporting_cycle)
            ? complianceOf(row.last_closed_submitted_at, deadline, instant)
            : null,
          currentSubmitted: row.current_submitted,
          indicators: row.indicators,
        };
      });
      return assembleDashboard(
        {
          generatedAt: now.toISOString(),
          today: asOf,
          currentPeriod: periods.monthly.current,
          lastClosedPeriod: periods.monthly.lastClosed,
        },
        facts,
        await this.reference(tx),
      );
    });
  }

  /**
   * The live dashboard's rows in one statement: each visible task's, and one row beside them (its
   * task columns null) with the focus areas and departments and, asked for `staleOn` (today), the
   * stale-status probe's answer, each evaluated once (InitPlans). The reports of the two periods of
   * each cycle come from ix_progress_report_period_task (the `IN` of the four periods: at most one
   * report per task and period, however long the history); each indicator's latest counted actual is
   * the one kept on it (migration 1764870000000), one value per indicator. Which tasks owe a period
   * is the domain's countsInCompliance (in `build`). The title is only shown for overdue tasks: only
   * theirs is read.
   */
  private async liveRows(
    db: EntityManager,
    user: AuthUser,
    periods: CyclePeriods,
    staleOn: string | null,
  ): Promise<{ tasks: TaskRow[]; reference: DashboardReference; stale: boolean }> {
    const visible = visibleTaskCondition(user, 't', 5);
    const params: unknown[] = [
      periods.monthly.lastClosed,
      periods.monthly.current,
      periods.quarterly.lastClosed,
      periods.quarterly.current,
      ...visible.params,
    ];
    if (staleOn !== null) params.push(staleOn);
    const probe = staleOn === null ? 'FALSE' : this.refresher.staleColumn(`$${params.length}`);
    const rows: (TaskRow | ReferenceRow)[] = await db.query(
      `WITH p (cycle, last_closed, current) AS (VALUES ('monthly', $1::text, $2::text), ('quarterly', $3, $4))
       SELECT t.id, CASE WHEN t.overdue THEN t.title END AS title, t.work_item_code, t.lead_department_id,
              t.status, t.rag, t.overdue, t.percent_complete, t.due_date, t.reporting_cycle, t.start_date, t.assigned_at,
              lc.first_submitted_at AS last_closed_submitted_at,
              cur.first_submitted_at IS NOT NULL AS current_submitted,
              (SELECT json_agg(json_build_array(i.baseline, i.target, i.latest_actual) ORDER BY i.position)
                 FROM indicator i WHERE i.task_id = t.id) AS indicators,
              NULL::boolean AS stale, NULL::json AS areas, NULL::json AS departments
         FROM task t
         JOIN p ON p.cycle = t.reporting_cycle
         LEFT JOIN progress_report lc ON lc.task_id = t.id AND lc.period = p.last_closed AND lc.period IN ($1, $3)
         LEFT JOIN progress_report cur ON cur.task_id = t.id AND cur.period = p.current AND cur.period IN ($2, $4)
        WHERE ${visible.sql}
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
              ${probe}, ${REFERENCE_COLUMNS}`,
      params,
    );
    // Told apart by its null id, not by its place: a plan may append the branches in any order.
    // Looked for from the end, where the plans seen put it.
    let at = rows.length - 1;
    while (at >= 0 && rows[at]?.id !== null) at--;
    const [reference] = at < 0 ? [] : (rows.splice(at, 1) as ReferenceRow[]);
    return {
      tasks: rows as TaskRow[],
      reference: { areas: reference?.areas ?? [], departments: reference?.departments ?? [] },
      // No answer (never expected): taken as stale, so the refresher asks its own probe.
      stale: reference?.stale ?? true,
    };
  }

  private periodsAt(instant: Date): CyclePeriods {
    const { businessTimeZone: zone, reportDueDay: dueDay } = this.config;
    return Object.fromEntries(
      REPORTING_CYCLES.map((cycle) => {
        const current = currentReportingPeriod(instant, cycle, dueDay, zone);
        const lastClosed = previousPeriod(current);
        return [cycle, { current, lastClosed, lastClosedDeadline: deadlineOf(lastClosed, dueDay, zone) }];
      }),
    ) as CyclePeriods;
  }

  /** Focus areas and departments in one statement (the live view reads them beside its tasks). */
  private async reference(tx: EntityManager): Promise<DashboardReference> {
    const rows: Omit<ReferenceRow, 'id' | 'stale'>[] = await tx.query(`SELECT ${REFERENCE_COLUMNS}`);
    return { areas: rows[0]?.areas ?? [], departments: rows[0]?.departments ?? [] };
  }
}
