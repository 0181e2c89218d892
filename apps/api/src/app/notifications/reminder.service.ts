import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  OPEN_TASK_STATUSES,
  type Period,
  type ReportingCycle,
  businessDateOf,
  comparePeriods,
  currentReportingPeriod,
  deadlineOf,
  firstOwedPeriod,
} from '@zibo/domain';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { NotificationsService } from './notifications.service';
import { ReminderSteps } from './reminder-steps';

interface OpenTaskRow {
  id: string;
  title: string;
  lead_department_id: string;
  start_date: string | null;
  due_date: string;
  assigned_at: Date | null;
  reporting_cycle: ReportingCycle;
}

interface DueReport {
  task: OpenTaskRow;
  period: Period;
  deadline: Date;
}

/** How far ahead of a report's deadline the lead department is reminded. */
export const REPORT_DUE_LEAD_MS = 3 * 24 * 60 * 60 * 1000;

// Fixed key: one reminder run at a time across every api process (the UNIQUE dedupe key would
// already keep the rows single; the lock spares concurrent runs the wasted work and conflicts).
const REMINDER_LOCK = 720_210_005;

/**
 * The reminder job: in-app notifications for reports coming due and for overdue tasks, each
 * created once per (kind, task, period, user) however often and in however many processes it runs.
 */
@Injectable()
export class ReminderService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly steps: ReminderSteps,
  ) {}

  async runOnce(): Promise<{ created: number }> {
    return this.unitOfWork.run(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [REMINDER_LOCK]);
      const now = this.clock.now();
      const tasks: OpenTaskRow[] = await tx.query(
        `SELECT id, title, lead_department_id, start_date, due_date, assigned_at, reporting_cycle
           FROM task WHERE status = ANY($1) ORDER BY id`,
        [OPEN_TASK_STATUSES],
      );
      let created = 0;
      for (const due of await this.reportsComingDue(tx, tasks, now)) {
        created += await this.notifications.notifyDepartments(tx, {
          departmentIds: [due.task.lead_department_id],
          kind: 'report_due',
          taskId: due.task.id,
          payload: {
            title: due.task.title,
            period: due.period,
            deadline: due.deadline.toISOString(),
            // The last day to report on, as people say it ("due 5 April"): the deadline is 00:00 after it.
            dueOn: businessDateOf(new Date(due.deadline.getTime() - 1), this.config.businessTimeZone),
          },
          dedupeKey: (userId) => `report_due:${due.task.id}:${due.period}:${userId}`,
        });
      }
      const today = businessDateOf(now, this.config.businessTimeZone);
      for (const task of tasks.filter((t) => t.due_date < today)) {
        created += await this.notifications.notifyDepartments(tx, {
          departmentIds: [task.lead_department_id],
          kind: 'overdue',
          taskId: task.id,
          payload: { title: task.title, dueDate: task.due_date },
          // The due date is in the key: a task that becomes overdue again after an amendment notifies again.
          dedupeKey: (userId) => `overdue:${task.id}:${task.due_date}:${userId}`,
        });
      }
      // The features' own time-driven steps (automatic urges, escalation), under the same lock.
      for (const step of this.steps.list()) created += await step.run(tx, now);
      return { created };
    });
  }

  /** Open tasks whose current period's report is owed, not yet submitted, and due within the lead time. */
  private async reportsComingDue(tx: EntityManager, tasks: OpenTaskRow[], now: Date): Promise<DueReport[]> {
    const { reportDueDay, businessTimeZone: timeZone } = this.config;
    const candidates: DueReport[] = [];
    for (const task of tasks) {
      const period = currentReportingPeriod(now, task.reporting_cycle, reportDueDay, timeZone);
      const firstOwed = firstOwedPeriod({
        startDate: task.start_date,
        assignedAt: task.assigned_at,
        reportingCycle: task.reporting_cycle,
        timeZone,
      });
      if (!firstOwed || comparePeriods(period, firstOwed) < 0) continue;
      const deadline = deadlineOf(period, reportDueDay, timeZone);
      const left = deadline.getTime() - now.getTime();
      if (left > 0 && left <= REPORT_DUE_LEAD_MS) candidates.push({ task, period, deadline });
    }
    if (!candidates.length) return [];
    // A draft does not count: only a submission (first_submitted_at) settles the period.
    const submitted: { task_id: string; period: string }[] = await tx.query(
      `SELECT r.task_id, r.period FROM progress_report r
         JOIN unnest($1::uuid[], $2::text[]) AS c(task_id, period) ON c.task_id = r.task_id AND c.period = r.period
        WHERE r.first_submitted_at IS NOT NULL`,
      [candidates.map((c) => c.task.id), candidates.map((c) => c.period)],
    );
    const settled = new Set(submitted.map((s) => `${s.task_id}:${s.period}`));
    return candidates.filter((c) => !settled.has(`${c.task.id}:${c.period}`));
  }
}
