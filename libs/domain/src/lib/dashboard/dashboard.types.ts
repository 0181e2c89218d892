import type { Rag } from '../rag/rag-status';
import type { TaskStatus } from '../tasks/task-state-machine';

export type StatusCounts = Record<TaskStatus, number>;
export type RagCounts = Record<Rag, number>;

export interface ComplianceCounts {
  /** Last closed period: reports on time, late, missing. */
  onTime: number;
  late: number;
  missing: number;
}

export interface CurrentSubmissions {
  /** Current period: reports submitted so far, and still to come. */
  submitted: number;
  pending: number;
}

/**
 * Indicators (量化指标) of a group's assigned, in-progress and completed tasks against their targets;
 * see {@link indicatorCounts}. Indicators of drafts and cancelled tasks are not counted.
 */
export interface IndicatorCounts {
  /** Indicators of the group's assigned, in-progress and completed tasks. */
  total: number;
  /** Those with an actual from a submitted or approved report (the latest one, as on the task). */
  reported: number;
  /** Of the reported ones, those at or past their target (whichever the direction). */
  reached: number;
  /** Mean attainment of the reported ones, each capped to 0–100 %, one decimal; null when none reported. */
  averageAttainment: number | null;
}

export interface DashboardGroup {
  tasks: number;
  byStatus: StatusCounts;
  byRag: RagCounts;
  overdue: number;
  /** Mean percent complete of assigned, in-progress and completed tasks; null when none. */
  averagePercent: number | null;
  lastClosedCompliance: ComplianceCounts;
  currentSubmissions: CurrentSubmissions;
  indicators: IndicatorCounts;
}

export interface DashboardView {
  generatedAt: string;
  today: string;
  /** Monthly periods (quarterly tasks are counted against their own quarters). */
  currentPeriod: string;
  lastClosedPeriod: string;
  totals: DashboardGroup;
  byFocusArea: (DashboardGroup & { code: string; name: string; nameEn: string })[];
  byDepartment: (DashboardGroup & { departmentId: string; code: string; name: string })[];
  overdueTasks: { id: string; title: string; leadDepartmentId: string; dueDate: string; daysOverdue: number }[];
}

/** The dashboard's tables a file download names with `?table=` (with `format=csv|xlsx`). */
export const DASHBOARD_TABLES = ['focusAreas', 'departments', 'overdue'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];
