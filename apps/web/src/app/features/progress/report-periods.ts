import {
  businessDateOf,
  comparePeriods,
  currentReportingPeriod,
  firstOwedPeriod,
  isOpenTask,
  type Period,
  periodContaining,
  periodsBetween,
  type ReportView,
  type TaskView,
} from '@zibo/domain';
import type { CalendarSettings } from '../../core/reference/business-calendar';

export interface PeriodChoice {
  /** Periods that may get a new report, newest first. */
  periods: Period[];
  /** The one to preselect: the current reporting period when still open, else the newest. */
  suggested: Period | null;
}

type TaskFields = Pick<TaskView, 'status' | 'startDate' | 'assignedAt' | 'reportingCycle'>;

/**
 * The periods a new report may be drafted for, by the api's rule: from the period containing the
 * later of start and assignment up to the period containing today, without those that have a report.
 */
export function reportablePeriods(
  task: TaskFields,
  reports: readonly Pick<ReportView, 'period'>[],
  now: Date,
  calendar: CalendarSettings,
): PeriodChoice {
  if (!isOpenTask(task.status)) {
    return { periods: [], suggested: null };
  }
  const first = firstOwedPeriod({
    startDate: task.startDate,
    assignedAt: task.assignedAt ? new Date(task.assignedAt) : null,
    timeZone: calendar.timeZone,
    reportingCycle: task.reportingCycle,
  });
  if (!first) {
    return { periods: [], suggested: null };
  }
  const last = periodContaining(businessDateOf(now, calendar.timeZone), task.reportingCycle);
  const taken = new Set(reports.map((r) => r.period));
  const periods = periodsBetween(first, last)
    .filter((p) => !taken.has(p))
    .reverse();
  const current = currentReportingPeriod(now, task.reportingCycle, calendar.reportDueDay, calendar.timeZone);
  const suggested = periods.includes(current) ? current : (periods[0] ?? null);
  return { periods, suggested };
}

/** Periods owed so far that have no report at all (shown as "not reported" on the task page). */
export function periodsWithoutReport(
  task: TaskFields,
  reports: readonly Pick<ReportView, 'period'>[],
  now: Date,
  calendar: CalendarSettings,
): Period[] {
  const current = currentReportingPeriod(now, task.reportingCycle, calendar.reportDueDay, calendar.timeZone);
  return reportablePeriods(task, reports, now, calendar).periods.filter((p) => comparePeriods(p, current) <= 0);
}
