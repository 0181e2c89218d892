import {
  type Compliance,
  type DashboardGroup,
  type DashboardView,
  type IndicatorFact,
  type Rag,
  type TaskStatus,
  TASK_STATUSES,
  indicatorCounts,
  isOpenTask,
} from '@zibo/domain';

/** What the dashboard counts of one task: live, or as recorded by a status snapshot. */
export interface DashboardTaskFacts {
  id: string;
  title: string;
  workItemCode: string;
  leadDepartmentId: string;
  status: TaskStatus;
  rag: Rag | null;
  overdue: boolean;
  percentComplete: number;
  dueDate: string;
  /** Set for overdue tasks. */
  daysOverdue: number | null;
  /** Compliance of the last closed period; null when the task owed nothing for it. */
  lastClosed: Compliance | null;
  /** Current period submitted yet; null when the task owes nothing for it. */
  currentSubmitted: boolean | null;
  /** The task's indicators with their latest counted actual (live; as of the date in a historical view). */
  indicators: IndicatorFact[];
}

export interface DashboardReference {
  areas: { code: string; name: string; name_en: string }[];
  departments: { id: string; code: string; name: string }[];
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
    indicators: indicatorCounts([]),
  };
}

/**
 * Counts tasks into a group; the average percent, and the indicators against their targets, are
 * over assigned, in-progress and completed tasks.
 */
function tally(facts: DashboardTaskFacts[]): DashboardGroup {
  const group = emptyGroup();
  const indicators: IndicatorFact[] = [];
  let percentSum = 0;
  let percentCount = 0;
  for (const task of facts) {
    group.tasks += 1;
    group.byStatus[task.status] += 1;
    if (task.rag) group.byRag[task.rag] += 1;
    if (task.overdue) group.overdue += 1;
    if (isOpenTask(task.status) || task.status === 'completed') {
      percentSum += task.percentComplete;
      percentCount += 1;
      indicators.push(...task.indicators);
    }
    if (task.lastClosed === 'on_time') group.lastClosedCompliance.onTime += 1;
    if (task.lastClosed === 'late') group.lastClosedCompliance.late += 1;
    if (task.lastClosed === 'missing') group.lastClosedCompliance.missing += 1;
    if (task.currentSubmitted === true) group.currentSubmissions.submitted += 1;
    if (task.currentSubmitted === false) group.currentSubmissions.pending += 1;
  }
  group.averagePercent = percentCount ? Math.round((10 * percentSum) / percentCount) / 10 : null;
  group.indicators = indicatorCounts(indicators);
  return group;
}

/** The dashboard from per-task facts: totals, by focus area, by lead department, overdue list. */
export function assembleDashboard(
  header: Pick<DashboardView, 'generatedAt' | 'today' | 'currentPeriod' | 'lastClosedPeriod'>,
  facts: DashboardTaskFacts[],
  reference: DashboardReference,
): DashboardView {
  return {
    ...header,
    totals: tally(facts),
    byFocusArea: reference.areas.map((area) => ({
      code: area.code,
      name: area.name,
      nameEn: area.name_en,
      ...tally(facts.filter((f) => f.workItemCode.startsWith(`${area.code}.`))),
    })),
    byDepartment: reference.departments
      .map((d) => ({
        departmentId: d.id,
        code: d.code,
        name: d.name,
        ...tally(facts.filter((f) => f.leadDepartmentId === d.id)),
      }))
      .filter((group) => group.tasks > 0),
    overdueTasks: facts
      .filter((f) => f.overdue)
      .map((f) => ({
        id: f.id,
        title: f.title,
        leadDepartmentId: f.leadDepartmentId,
        dueDate: f.dueDate,
        daysOverdue: f.daysOverdue ?? 0,
      }))
      // Longest overdue first; ties by id, so the list does not depend on the order rows arrive in.
      .sort((a, b) => b.daysOverdue - a.daysOverdue || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
