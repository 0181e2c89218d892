import {
  type Compliance,
  type DashboardGroup,
  type DashboardView,
  type IndicatorFact,
  IndicatorTally,
  type Rag,
  type TaskStatus,
  TASK_STATUSES,
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

/** One group's running counts: one task at a time, in a single pass over the tasks. */
class GroupTally {
  private tasks = 0;
  private readonly byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as DashboardGroup['byStatus'];
  private readonly byRag: DashboardGroup['byRag'] = { red: 0, amber: 0, green: 0 };
  private overdue = 0;
  private percentSum = 0;
  private percentCount = 0;
  private readonly lastClosedCompliance: DashboardGroup['lastClosedCompliance'] = { onTime: 0, late: 0, missing: 0 };
  private readonly currentSubmissions: DashboardGroup['currentSubmissions'] = { submitted: 0, pending: 0 };
  private readonly indicators = new IndicatorTally();

  get count(): number {
    return this.tasks;
  }

  /**
   * Counts a task into the group; the average percent, and the indicators against their targets,
   * are over assigned, in-progress and completed tasks.
   */
  add(task: DashboardTaskFacts): void {
    this.tasks += 1;
    this.byStatus[task.status] += 1;
    if (task.rag) this.byRag[task.rag] += 1;
    if (task.overdue) this.overdue += 1;
    if (isOpenTask(task.status) || task.status === 'completed') {
      this.percentSum += task.percentComplete;
      this.percentCount += 1;
      for (const indicator of task.indicators) this.indicators.add(indicator);
    }
    if (task.lastClosed === 'on_time') this.lastClosedCompliance.onTime += 1;
    if (task.lastClosed === 'late') this.lastClosedCompliance.late += 1;
    if (task.lastClosed === 'missing') this.lastClosedCompliance.missing += 1;
    if (task.currentSubmitted === true) this.currentSubmissions.submitted += 1;
    if (task.currentSubmitted === false) this.currentSubmissions.pending += 1;
  }

  group(): DashboardGroup {
    return {
      tasks: this.tasks,
      byStatus: this.byStatus,
      byRag: this.byRag,
      overdue: this.overdue,
      averagePercent: this.percentCount ? Math.round((10 * this.percentSum) / this.percentCount) / 10 : null,
      lastClosedCompliance: this.lastClosedCompliance,
      currentSubmissions: this.currentSubmissions,
      indicators: this.indicators.counts(),
    };
  }
}

type OverdueTask = DashboardView['overdueTasks'][number];

/**
 * The dashboard counted one task at a time: each task goes into the totals, the focus areas its
 * work item code falls under and its lead department's group as it is read, so a build holds the
 * running counts and the overdue tasks, not every task's facts nor a list per group.
 */
export class DashboardTally {
  private readonly totals = new GroupTally();
  private readonly areas: { code: string; name: string; nameEn: string; prefix: string; tally: GroupTally }[];
  private readonly departments = new Map<string, GroupTally>();
  private readonly overdue: OverdueTask[] = [];

  constructor(private readonly reference: DashboardReference) {
    this.areas = reference.areas.map((area) => ({
      code: area.code,
      name: area.name,
      nameEn: area.name_en,
      prefix: `${area.code}.`,
      tally: new GroupTally(),
    }));
    for (const d of reference.departments) this.departments.set(d.id, new GroupTally());
  }

  add(task: DashboardTaskFacts): void {
    this.totals.add(task);
    for (const area of this.areas) if (task.workItemCode.startsWith(area.prefix)) area.tally.add(task);
    this.departments.get(task.leadDepartmentId)?.add(task);
    if (task.overdue) {
      this.overdue.push({
        id: task.id,
        title: task.title,
        leadDepartmentId: task.leadDepartmentId,
        dueDate: task.dueDate,
        daysOverdue: task.daysOverdue ?? 0,
      });
    }
  }

  view(header: Pick<DashboardView, 'generatedAt' | 'today' | 'currentPeriod' | 'lastClosedPeriod'>): DashboardView {
    return {
      ...header,
      totals: this.totals.group(),
      byFocusArea: this.areas.map((area) => ({
        code: area.code,
        name: area.name,
        nameEn: area.nameEn,
        ...area.tally.group(),
      })),
      byDepartment: this.reference.departments
        .map((d) => ({ d, tally: this.departments.get(d.id) as GroupTally }))
        .filter(({ tally }) => tally.count > 0)
        .map(({ d, tally }) => ({ departmentId: d.id, code: d.code, name: d.name, ...tally.group() })),
      // Longest overdue first; ties by id, so the list does not depend on the order rows arrive in.
      overdueTasks: this.overdue.sort(
        (a, b) => b.daysOverdue - a.daysOverdue || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      ),
    };
  }
}

/** The dashboard from per-task facts: totals, by focus area, by lead department, overdue list. */
export function assembleDashboard(
  header: Pick<DashboardView, 'generatedAt' | 'today' | 'currentPeriod' | 'lastClosedPeriod'>,
  facts: Iterable<DashboardTaskFacts>,
  reference: DashboardReference,
): DashboardView {
  const tally = new DashboardTally(reference);
  for (const fact of facts) tally.add(fact);
  return tally.view(header);
}
