import type { EntityManager } from 'typeorm';
import { type FieldError, type UpdateTaskInput, checkAssignedTaskChanges, checkTaskPlan } from '@zibo/domain';
import { problems } from '../../core/problems/problem.exception';
import type { Task } from './task.entity';
import type { AssignedEdit, DraftPlanEdit } from './task.repository';

/*
 * What a PATCH of a task checks before the task repository writes it: references, the plan as a
 * whole while a draft, the fields that are not the plan after assignment.
 */

/** The work item exists and the departments are active: one statement, errors by field. */
export async function checkTaskReferences(
  tx: EntityManager,
  workItemCode: string | undefined,
  leadDepartmentId: string | undefined,
  coDepartmentIds: string[],
): Promise<FieldError[]> {
  const ids = [...new Set([...(leadDepartmentId ? [leadDepartmentId] : []), ...coDepartmentIds])];
  if (!workItemCode && !ids.length) return [];
  const rows: { work_item: boolean; active: string[] }[] = await tx.query(
    `SELECT EXISTS (SELECT 1 FROM work_item WHERE code = $1) AS work_item,
            ARRAY(SELECT id FROM department WHERE id = ANY($2::uuid[]) AND active) AS active`,
    [workItemCode ?? null, ids],
  );
  const errors: FieldError[] = [];
  if (workItemCode && !rows[0]?.work_item) {
    errors.push({ field: 'workItemCode', code: 'unknown', message: 'No such work item' });
  }
  const active = new Set(rows[0]?.active ?? []);
  if (leadDepartmentId && !active.has(leadDepartmentId)) {
    errors.push({ field: 'leadDepartmentId', code: 'unknown', message: 'No such active department' });
  }
  coDepartmentIds.forEach((departmentId, index) => {
    if (!active.has(departmentId)) {
      errors.push({ field: `coDepartmentIds.${index}`, code: 'unknown', message: 'No such active department' });
    }
  });
  return errors;
}

/** 403 unless a lead department head's PATCH records milestone done dates and nothing else. */
export function assertOnlyDoneDates(input: UpdateTaskInput): void {
  const onlyMilestones = Object.keys(input).every((key) => key === 'milestones');
  const onlyDoneDates = (input.milestones ?? []).every(
    (m) => m.id !== undefined && Object.keys(m).every((key) => key === 'id' || key === 'doneDate'),
  );
  if (!onlyMilestones || !onlyDoneDates) {
    throw problems.forbidden('The lead department may only record milestone done dates.');
  }
}

/**
 * A draft's PATCH merged over the task as a whole plan, 422 with every error (`referenceErrors`
 * from `checkTaskReferences`, then children, then the plan rules).
 */
export function draftPlanEdit(task: Task, input: UpdateTaskInput, referenceErrors: FieldError[]): DraftPlanEdit {
  const errors = [...referenceErrors];
  const existingMilestones = new Map(task.milestones.map((m) => [m.id, m]));
  const existingIndicators = new Map(task.indicators.map((i) => [i.id, i]));
  const milestones =
    input.milestones?.map((m, index) => {
      const current = m.id ? existingMilestones.get(m.id) : undefined;
      if (m.id && !current)
        errors.push({ field: `milestones.${index}.id`, code: 'unknown', message: 'Not a milestone of this task' });
      const title = m.title ?? current?.title;
      const plannedDate = m.plannedDate ?? current?.plannedDate;
      if (!title || !plannedDate) {
        errors.push({
          field: `milestones.${index}`,
          code: 'incomplete',
          message: 'A new milestone needs a title and a planned date',
        });
      }
      return {
        id: current?.id,
        title: title ?? '',
        plannedDate: plannedDate ?? task.dueDate,
        doneDate: m.doneDate ?? current?.doneDate ?? null,
      };
    }) ?? task.milestones;
  const indicators =
    input.indicators?.map((i, index) => {
      const current = i.id ? existingIndicators.get(i.id) : undefined;
      if (i.id && !current)
        errors.push({ field: `indicators.${index}.id`, code: 'unknown', message: 'Not an indicator of this task' });
      const merged = { ...current, ...i };
      if (
        merged.name === undefined ||
        merged.unit === undefined ||
        merged.baseline === undefined ||
        merged.target === undefined ||
        merged.direction === undefined
      ) {
        errors.push({
          field: `indicators.${index}`,
          code: 'incomplete',
          message: 'A new indicator needs name, unit, baseline, target and direction',
        });
      }
      return merged as NonNullable<DraftPlanEdit['indicators']>[number];
    }) ?? task.indicators;
  const next = {
    leadDepartmentId: input.leadDepartmentId ?? task.leadDepartmentId,
    coDepartmentIds: input.coDepartmentIds ?? task.coDepartments.map((c) => c.departmentId),
    startDate: input.startDate !== undefined ? input.startDate : task.startDate,
    dueDate: input.dueDate ?? task.dueDate,
  };
  errors.push(...checkTaskPlan({ ...next, milestones, indicators }));
  if (errors.length) throw problems.unprocessable(errors);
  return {
    columns: {
      title: input.title ?? task.title,
      description: input.description ?? task.description,
      workItemCode: input.workItemCode ?? task.workItemCode,
      reportingCycle: input.reportingCycle ?? task.reportingCycle,
      leadDepartmentId: next.leadDepartmentId,
      startDate: next.startDate,
      dueDate: next.dueDate,
    },
    ...(input.coDepartmentIds ? { coDepartmentIds: input.coDepartmentIds } : {}),
    ...(input.milestones ? { milestones } : {}),
    ...(input.indicators ? { indicators } : {}),
  };
}

/**
 * After assignment: title, description, co-owners, milestone titles and done dates, indicator
 * names; 422 for anything of the plan (`referenceErrors` for the co-owners).
 */
export function assignedEdit(
  task: Task,
  input: UpdateTaskInput,
  today: string,
  referenceErrors: FieldError[],
): AssignedEdit {
  const errors = [...checkAssignedTaskChanges(input, task, today), ...referenceErrors];
  if (errors.length) throw problems.unprocessable(errors, 'After assignment the plan changes only through amendments.');
  return {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.coDepartmentIds ? { coDepartmentIds: input.coDepartmentIds } : {}),
    milestones: (input.milestones ?? []).map((m) => ({
      id: m.id as string,
      ...(m.title !== undefined ? { title: m.title } : {}),
      ...(m.doneDate !== undefined ? { doneDate: m.doneDate } : {}),
    })),
    indicatorNames: (input.indicators ?? []).flatMap((i) => (i.name ? [{ id: i.id as string, name: i.name }] : [])),
  };
}
