import { Inject, Injectable } from '@nestjs/common';
import {
  type Compliance,
  type DashboardGroup,
  type DashboardView,
  type Period,
  type Rag,
  type ReportingCycle,
  type TaskStatus,
  REPORTING_CYCLES,
  TASK_STATUSES,
  businessDateOf,
  comparePeriods,
  complianceOf,
  currentReportingPeriod,
  daysBetween,
  deadlineOf,
  isOpenTask,
  previousPeriod,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { TaskStatusRefresher } from '../tasks/task-status-refresher.service';
import { visibleTaskCondition } from '../tasks/task-visibility';

interface TaskRow {
  id: string;
  title: string;
  work_item_code: string;
  lead_department_id: string;
  status: TaskStatus;
  rag: Rag | null;
  overdue: boolean;
  percent_complete: number;
  due_date: string;
  reporting_cycle: ReportingCycle;
  first_owed: Period | null;
  last_closed_submitted_at: Date | null;
  current_submitted: boolean;
}

/** Reporting state of one task for the dashboard's two periods. */
interface TaskFacts {
  row: TaskRow;
  lastClosed: Compliance | null;
  currentSubmitted: boolean | null;
}

function emptyGroup(): DashboardGroup {
  return {
    tasks: 0,
    byStatus: Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as DashboardGroup['byStatus'],
    byRag: { red: 0, amber: 0, green: 0 },
    overdue: 0,
    averagePercent: null,
    lastClosedCompliance: { onTime: 0, late: 0, missing: 0 },
    currentSubmissions: { submitted: 0, pending: 0 },
  };
}

/** Adds tasks to a group; the average is over assigned, in-progress and completed tasks. */
function tally(group: DashboardGroup, facts: TaskFacts[]): DashboardGroup {
  let percentSum = 0;
  let percentCount = 0;
  for (const { row, lastClosed, currentSubmitted } of facts) {
    group.tasks += 1;
    group.byStatus[row.status] += 1;
    if (row.rag) group.byRag[row.rag] += 1;
    if (row.overdue) group.overdue += 1;
    if (isOpenTask(row.status) || row.status === 'completed') {
      percentSum += row.percent_complete;
      percentCount += 1;
    }
    if (lastClosed === 'on_time') group.lastClosedCompliance.onTime += 1;
    if (lastClosed === 'late') group.lastClosedCompliance.late += 1;
    if (lastClosed === 'missing') group.lastClosedCompliance.missing += 1;
    if (currentSubmitted === true) group.currentSubmissions.submitted += 1;
    if (currentSubmitted === false) group.currentSubmissions.pending += 1;
  }
  group.averagePercent = percentCount ? Math.round((10 * percentSum) / percentCount) / 10 : null;
  return group;
}

/**
 * The committee's overview (and each department's own): counts by focus area, department, status
 * and RAG, overdue tasks, compliance of the last closed period and submissions for the current one.
 * Scoped by the same visibility rule as every task list.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly refresher: TaskStatusRefresher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(user: AuthUser): Promise<DashboardView> {
    return this.unitOfWork.run(async (tx) => {
      await this.refresher.refreshStale(tx);
      const now = this.clock.now();
      const { businessTimeZone: zone, reportDueDay: dueDay } = this.config;
      // Only the two periods per cycle the dashboard shows are read: not every report of every task.
      const periods = Object.fromEntries(
        REPORTING_CYCLES.map((cycle) => {
          const current = currentReportingPeriod(now, cycle, dueDay, zone);
          const lastClosed = previousPeriod(current);
          return [cycle, { current, lastClosed, lastClosedDeadline: deadlineOf(lastClosed, dueDay, zone) }];
        }),
      ) as Record<ReportingCycle, { current: Period; lastClosed: Period; lastClosedDeadline: Date }>;
      const visible = visibleTaskCondition(user, 't', 6);
      // first_owed: the period of the later of start date and assignment date (firstOwedPeriod of the
      // domain), computed in SQL so the comparison below needs no date maths per task.
      const tasks: TaskRow[] = await tx.query(
        `SELECT t.id, t.title, t.work_item_code, t.lead_department_id, t.status, t.rag, t.overdue, t.percent_complete,
                t.due_date, t.reporting_cycle,
                CASE WHEN t.assigned_at IS NULL THEN NULL ELSE
                  to_char(GREATEST(COALESCE(t.start_date, (t.assigned_at AT TIME ZONE $1)::date), (t.assigned_at AT TIME ZONE $1)::date),
                          CASE t.reporting_cycle WHEN 'monthly' THEN 'YYYY-MM' ELSE 'YYYY-"Q"Q' END) END AS first_owed,
                (SELECT r.first_submitted_at FROM progress_report r
                  WHERE r.task_id = t.id
                    AND r.period = CASE t.reporting_cycle WHEN 'monthly' THEN $2 ELSE $4 END) AS last_closed_submitted_at,
                EXISTS (SELECT 1 FROM progress_report r
                  WHERE r.task_id = t.id AND r.first_submitted_at IS NOT NULL
                    AND r.period = CASE t.reporting_cycle WHEN 'monthly' THEN $3 ELSE $5 END) AS current_submitted
           FROM task t WHERE ${visible.sql}`,
        [
          zone,
          periods.monthly.lastClosed,
          periods.monthly.current,
          periods.quarterly.lastClosed,
          periods.quarterly.current,
          ...visible.params,
        ],
      );

      const facts: TaskFacts[] = tasks.map((row) => {
        if (!isOpenTask(row.status) || !row.first_owed) return { row, lastClosed: null, currentSubmitted: null };
        const p = periods[row.reporting_cycle];
        const owes = (period: Period) => comparePeriods(period, row.first_owed as string) >= 0;
        return {
          row,
          lastClosed: owes(p.lastClosed) ? complianceOf(row.last_closed_submitted_at, p.lastClosedDeadline, now) : null,
          currentSubmitted: owes(p.current) ? row.current_submitted : null,
        };
      });

      const areas: { code: string; name: string; name_en: string }[] = await tx.query(
        'SELECT code, name, name_en FROM focus_area ORDER BY position',
      );
      const departments: { id: string; code: string; name: string }[] = await tx.query(
        'SELECT id, code, name FROM department ORDER BY code',
      );
      const today = businessDateOf(now, zone);
      const monthly = currentReportingPeriod(now, 'monthly', dueDay, zone);
      return {
        generatedAt: now.toISOString(),
        today,
        currentPeriod: monthly,
        lastClosedPeriod: previousPeriod(monthly),
        totals: tally(emptyGroup(), facts),
        byFocusArea: areas.map((area) => ({
          code: area.code,
          name: area.name,
          nameEn: area.name_en,
          ...tally(
            emptyGroup(),
            facts.filter((f) => f.row.work_item_code.startsWith(`${area.code}.`)),
          ),
        })),
        byDepartment: departments
          .map((d) => ({
            departmentId: d.id,
            code: d.code,
            name: d.name,
            ...tally(
              emptyGroup(),
              facts.filter((f) => f.row.lead_department_id === d.id),
            ),
          }))
          .filter((group) => group.tasks > 0),
        overdueTasks: tasks
          .filter((t) => t.overdue)
          .map((t) => ({
            id: t.id,
            title: t.title,
            leadDepartmentId: t.lead_department_id,
            dueDate: t.due_date,
            daysOverdue: daysBetween(t.due_date, today),
          }))
          .sort((a, b) => b.daysOverdue - a.daysOverdue),
      };
    });
  }
}
