import type { FieldError } from '../common/problem';
import type { BusinessDate } from '../time/business-time';
import type { TaskStatus } from './task-state-machine';
import type { UpdateTaskInput } from './task.schemas';

/**
 * The plan of a task (docs/rules.md, "Plan changes"): once assigned it changes only through an
 * amendment with a reason, never by PATCH (422 `plan_field`). An indicator's name and a
 * milestone's title are wording, not plan; an indicator's unit, baseline, target and direction
 * and a milestone's planned date are, and so is adding or removing a milestone or an indicator.
 */
export const TASK_PLAN_FIELDS = ['workItemCode', 'leadDepartmentId', 'startDate', 'dueDate', 'reportingCycle'] as const;
export type TaskPlanField = (typeof TASK_PLAN_FIELDS)[number];
export const MILESTONE_PLAN_FIELDS = ['plannedDate'] as const;
export const INDICATOR_PLAN_FIELDS = ['unit', 'baseline', 'target', 'direction'] as const;

export type TaskField = keyof UpdateTaskInput;
export type MilestoneField = 'title' | 'plannedDate' | 'doneDate';
export type IndicatorField = 'name' | (typeof INDICATOR_PLAN_FIELDS)[number];

/** What a PATCH may change of a task in a given state. */
export interface TaskEditPolicy {
  /** False for completed and cancelled tasks: any PATCH is a 409. */
  editable: boolean;
  /** False once assigned: the plan changes only through amendments. */
  planEditable: boolean;
  /** Top-level fields a PATCH may name. */
  fields: readonly TaskField[];
  /** Fields of an existing milestone a PATCH may change. */
  milestoneFields: readonly MilestoneField[];
  /** Fields of an existing indicator a PATCH may change. */
  indicatorFields: readonly IndicatorField[];
  /** Whether milestones and indicators may be added or removed (lists sent whole). */
  rowsMayChange: boolean;
}

const ALL_TASK_FIELDS: readonly TaskField[] = [
  'title',
  'description',
  'workItemCode',
  'leadDepartmentId',
  'coDepartmentIds',
  'startDate',
  'dueDate',
  'reportingCycle',
  'milestones',
  'indicators',
];
const ALL_INDICATOR_FIELDS: readonly IndicatorField[] = ['name', ...INDICATOR_PLAN_FIELDS];

/** Which task fields may change in which task state: the one definition the api and the web follow. */
export function taskEditPolicy(status: TaskStatus): TaskEditPolicy {
  if (status === 'completed' || status === 'cancelled') {
    return {
      editable: false,
      planEditable: false,
      fields: [],
      milestoneFields: [],
      indicatorFields: [],
      rowsMayChange: false,
    };
  }
  if (status === 'draft') {
    return {
      editable: true,
      planEditable: true,
      fields: ALL_TASK_FIELDS,
      milestoneFields: ['title', 'plannedDate', 'doneDate'],
      indicatorFields: ALL_INDICATOR_FIELDS,
      rowsMayChange: true,
    };
  }
  return {
    editable: true,
    planEditable: false,
    fields: ALL_TASK_FIELDS.filter((field) => !(TASK_PLAN_FIELDS as readonly string[]).includes(field)),
    milestoneFields: ['title', 'doneDate'],
    indicatorFields: ['name'],
    rowsMayChange: false,
  };
}

/** Co-owning departments: never the lead department, each once. */
export function checkCoOwners(leadDepartmentId: string, coDepartmentIds: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (coDepartmentIds.includes(leadDepartmentId)) {
    errors.push({ field: 'coDepartmentIds', code: 'includes_lead', message: 'The lead department cannot also co-own' });
  }
  if (new Set(coDepartmentIds).size !== coDepartmentIds.length) {
    errors.push({ field: 'coDepartmentIds', code: 'duplicate', message: 'A department is listed twice' });
  }
  return errors;
}

/** The task as it stands, as far as the plan-change check needs it. */
export interface AssignedTaskPlan {
  leadDepartmentId: string;
  milestones: readonly { id: string; plannedDate: BusinessDate }[];
  indicators: readonly { id: string; unit: string; baseline: number; target: number; direction: string }[];
}

/**
 * A PATCH of an assigned or in-progress task: 422 errors for every plan change it attempts (those
 * go through amendments), a milestone done in the future, and co-owners that include the lead.
 */
export function checkAssignedTaskChanges(
  input: UpdateTaskInput,
  task: AssignedTaskPlan,
  today: BusinessDate,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of TASK_PLAN_FIELDS) {
    if (input[field] !== undefined) {
      errors.push({ field, code: 'plan_field', message: 'Change the plan through an amendment (with a reason)' });
    }
  }
  const milestones = new Map(task.milestones.map((m) => [m.id, m]));
  (input.milestones ?? []).forEach((m, index) => {
    const current = m.id ? milestones.get(m.id) : undefined;
    if (!current) {
      errors.push({ field: `milestones.${index}.id`, code: 'plan_field', message: 'New milestones need an amendment' });
    } else if (m.plannedDate !== undefined && m.plannedDate !== current.plannedDate) {
      errors.push({
        field: `milestones.${index}.plannedDate`,
        code: 'plan_field',
        message: 'Change planned dates through an amendment',
      });
    } else if (m.doneDate && m.doneDate > today) {
      errors.push({
        field: `milestones.${index}.doneDate`,
        code: 'future',
        message: 'A milestone cannot be done in the future',
      });
    }
  });
  const indicators = new Map(task.indicators.map((i) => [i.id, i]));
  (input.indicators ?? []).forEach((i, index) => {
    const current = i.id ? indicators.get(i.id) : undefined;
    const planChanged = INDICATOR_PLAN_FIELDS.some((k) => i[k] !== undefined && i[k] !== current?.[k]);
    if (!current || planChanged) {
      errors.push({
        field: `indicators.${index}`,
        code: 'plan_field',
        message: 'Change indicators through an amendment',
      });
    }
  });
  if (input.coDepartmentIds) {
    errors.push(...checkCoOwners(task.leadDepartmentId, input.coDepartmentIds));
  }
  return errors;
}
