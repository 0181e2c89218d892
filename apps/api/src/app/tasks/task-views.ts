import {
  type IndicatorView,
  type MilestoneView,
  type ReportSummaryView,
  type TaskAction,
  type TaskListItemView,
  type ReceiptAction,
  type TaskView,
  indicatorPlanOf,
  receiptState,
} from '@zibo/domain';
import type { Indicator, Milestone, Task } from './task.entity';

export interface LatestActual {
  value: number;
  period: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function focusAreaOf(workItemCode: string): string {
  return workItemCode.split('.')[0] ?? workItemCode;
}

export function toMilestoneView(m: Milestone): MilestoneView {
  return {
    id: m.id,
    title: m.title,
    plannedDate: m.plannedDate,
    baselinePlannedDate: m.baselinePlannedDate,
    doneDate: m.doneDate,
  };
}

export function toIndicatorView(i: Indicator, actual: LatestActual | undefined): IndicatorView {
  return {
    id: i.id,
    name: i.name,
    unit: i.unit,
    baseline: i.baseline,
    target: i.target,
    baselineTarget: i.baselineTarget,
    direction: i.direction,
    actual: actual?.value ?? null,
    actualPeriod: actual?.period ?? null,
  };
}

export function toTaskListItem(task: Task, latestReport: ReportSummaryView | null): TaskListItemView {
  return {
    id: task.id,
    workItemCode: task.workItemCode,
    focusAreaCode: focusAreaOf(task.workItemCode),
    title: task.title,
    leadDepartmentId: task.leadDepartmentId,
    coDepartmentIds: (task.coDepartments ?? []).map((c) => c.departmentId).sort(),
    startDate: task.startDate,
    dueDate: task.dueDate,
    baselineDueDate: task.baselineDueDate,
    reportingCycle: task.reportingCycle,
    status: task.status,
    version: task.version,
    rag: task.rag,
    ragReasons: task.ragReasons ?? [],
    overdue: task.overdue,
    percentComplete: task.percentComplete,
    expectedPercent: task.expectedPercent,
    assignedAt: iso(task.assignedAt),
    acceptedAt: iso(task.acceptedAt),
    declinedAt: iso(task.declinedAt),
    declineReason: task.declineReason,
    insistedAt: iso(task.insistedAt),
    insistComment: task.insistComment,
    receiptState: receiptState(task),
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    latestReport,
  };
}

export function toTaskView(
  task: Task,
  latestReport: ReportSummaryView | null,
  actuals: Map<string, LatestActual>,
  allowedActions: TaskAction[],
  receipt: { acceptBy: string | null; allowedReceiptActions: ReceiptAction[] } = {
    acceptBy: null,
    allowedReceiptActions: [],
  },
): TaskView {
  return {
    ...toTaskListItem(task, latestReport),
    ...receipt,
    description: task.description,
    milestones: [...(task.milestones ?? [])].sort((a, b) => a.position - b.position).map(toMilestoneView),
    indicators: [...(task.indicators ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((i) => toIndicatorView(i, actuals.get(i.id))),
    allowedActions,
    // 办结销号: filled by the task view's reader (close-out-records.ts); a new task has none.
    closeOut: null,
    allowedCloseOutActions: [],
  };
}

/** The audited state of a task: its plan and status, as the history shows them. */
export function auditedTaskFields(task: Task): Record<string, unknown> {
  return {
    workItemCode: task.workItemCode,
    title: task.title,
    description: task.description,
    leadDepartmentId: task.leadDepartmentId,
    coDepartmentIds: (task.coDepartments ?? []).map((c) => c.departmentId).sort(),
    startDate: task.startDate,
    dueDate: task.dueDate,
    reportingCycle: task.reportingCycle,
    status: task.status,
    milestones: [...(task.milestones ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((m) => ({ id: m.id, title: m.title, plannedDate: m.plannedDate, doneDate: m.doneDate })),
    indicators: [...(task.indicators ?? [])].sort((a, b) => a.position - b.position).map(indicatorPlanOf),
  };
}
