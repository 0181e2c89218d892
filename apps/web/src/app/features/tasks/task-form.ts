import {
  checkCoOwners,
  checkTaskPlan,
  createTaskSchema,
  type CreateTaskInput,
  type FieldError,
  type IndicatorDirection,
  type IndicatorUnit,
  indicatorPlanOf,
  parseInput,
  type ParseResult,
  type ReportingCycle,
  type TaskView,
  taskEditPolicy,
  updateTaskSchema,
  type UpdateTaskInput,
} from '@zibo/domain';
import { changedFields } from '../../core/forms/changed-fields';

export interface MilestoneRow {
  /** '' for a milestone not saved yet. */
  id: string;
  title: string;
  plannedDate: string;
}

export interface IndicatorRow {
  id: string;
  name: string;
  unit: IndicatorUnit;
  baseline: number | null;
  target: number | null;
  direction: IndicatorDirection;
}

/** The task form as the form holds it: '' for an empty date or choice. */
export interface TaskFormValues {
  workItemCode: string;
  title: string;
  description: string;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  startDate: string;
  dueDate: string;
  reportingCycle: ReportingCycle;
  milestones: MilestoneRow[];
  indicators: IndicatorRow[];
}

export const EMPTY_TASK: TaskFormValues = {
  workItemCode: '',
  title: '',
  description: '',
  leadDepartmentId: '',
  coDepartmentIds: [],
  startDate: '',
  dueDate: '',
  reportingCycle: 'monthly',
  milestones: [],
  indicators: [],
};

export const EMPTY_MILESTONE: MilestoneRow = { id: '', title: '', plannedDate: '' };
export const EMPTY_INDICATOR: IndicatorRow = {
  id: '',
  name: '',
  unit: '%',
  baseline: null,
  target: null,
  direction: 'up',
};

export function taskFormValues(task: TaskView): TaskFormValues {
  return {
    workItemCode: task.workItemCode,
    title: task.title,
    description: task.description,
    leadDepartmentId: task.leadDepartmentId,
    coDepartmentIds: [...task.coDepartmentIds],
    startDate: task.startDate ?? '',
    dueDate: task.dueDate,
    reportingCycle: task.reportingCycle,
    milestones: task.milestones.map((m) => ({ id: m.id, title: m.title, plannedDate: m.plannedDate })),
    indicators: task.indicators.map(indicatorPlanOf),
  };
}

function planErrors(values: TaskFormValues): FieldError[] {
  // The cross-field rules need a due date; the schema reports a missing one.
  if (!values.dueDate) {
    return [];
  }
  return checkTaskPlan({
    leadDepartmentId: values.leadDepartmentId,
    coDepartmentIds: values.coDepartmentIds,
    startDate: values.startDate || null,
    dueDate: values.dueDate,
    milestones: values.milestones.filter((m) => m.plannedDate),
    indicators: values.indicators.flatMap((i) =>
      i.baseline === null || i.target === null ? [] : [{ ...i, baseline: i.baseline, target: i.target }],
    ),
  }).filter((error) => !/^milestones\./.test(error.field) || values.milestones.every((m) => m.plannedDate));
}

function withPlanErrors<T>(parsed: ParseResult<T>, values: TaskFormValues): ParseResult<T> {
  const errors = [...(parsed.ok ? [] : parsed.errors), ...planErrors(values)];
  return errors.length ? { ok: false, errors } : parsed;
}

function milestoneBody(rows: MilestoneRow[], withIds: boolean): Record<string, unknown>[] {
  return rows.map((m) => ({ ...(withIds && m.id ? { id: m.id } : {}), title: m.title, plannedDate: m.plannedDate }));
}

function indicatorBody(rows: IndicatorRow[], withIds: boolean): Record<string, unknown>[] {
  return rows.map(({ id, ...indicator }) => ({ ...(withIds && id ? { id } : {}), ...indicator }));
}

/** A new task, validated exactly as the api will validate it. */
export function parseCreateTask(values: TaskFormValues): ParseResult<CreateTaskInput> {
  const body: Record<string, unknown> = {
    workItemCode: values.workItemCode,
    title: values.title,
    description: values.description,
    leadDepartmentId: values.leadDepartmentId,
    coDepartmentIds: values.coDepartmentIds,
    startDate: values.startDate || null,
    dueDate: values.dueDate,
    reportingCycle: values.reportingCycle,
    milestones: milestoneBody(values.milestones, false),
    indicators: indicatorBody(values.indicators, false),
  };
  return withPlanErrors(parseInput(createTaskSchema, body), values);
}

/**
 * The PATCH of a task: only what changed, null when nothing did. While the plan may change (draft)
 * every field may (lists are sent whole, with their ids); once assigned only what the domain's
 * `taskEditPolicy` leaves open: title, description, co-owners, milestone titles and indicator names.
 */
export function parseTaskChanges(values: TaskFormValues, task: TaskView): ParseResult<UpdateTaskInput> | null {
  const original = taskFormValues(task);
  if (taskEditPolicy(task.status).planEditable) {
    const changes = changedFields({ ...values }, { ...original });
    if (Object.keys(changes).length === 0) {
      return null;
    }
    const body: Record<string, unknown> = { ...changes };
    if ('startDate' in body) {
      body['startDate'] = values.startDate || null;
    }
    if ('milestones' in body) {
      body['milestones'] = milestoneBody(values.milestones, true);
    }
    if ('indicators' in body) {
      body['indicators'] = indicatorBody(values.indicators, true);
    }
    return withPlanErrors(parseInput(updateTaskSchema, body), values);
  }
  const body: Record<string, unknown> = changedFields(
    { title: values.title, description: values.description, coDepartmentIds: values.coDepartmentIds },
    { title: original.title, description: original.description, coDepartmentIds: original.coDepartmentIds },
  );
  const renamed = values.milestones.flatMap((m, index) => {
    const before = original.milestones[index];
    return before && before.id === m.id && before.title !== m.title ? [{ id: m.id, title: m.title }] : [];
  });
  if (renamed.length) {
    body['milestones'] = renamed;
  }
  const renamedIndicators = values.indicators.flatMap((i, index) => {
    const before = original.indicators[index];
    return before && before.id === i.id && before.name !== i.name ? [{ id: i.id, name: i.name }] : [];
  });
  if (renamedIndicators.length) {
    body['indicators'] = renamedIndicators;
  }
  if (Object.keys(body).length === 0) {
    return null;
  }
  const parsed = parseInput(updateTaskSchema, body);
  const errors = [
    ...(parsed.ok ? [] : parsed.errors),
    ...checkCoOwners(task.leadDepartmentId, values.coDepartmentIds).filter((e) => e.code === 'includes_lead'),
  ];
  return errors.length ? { ok: false, errors } : parsed;
}
