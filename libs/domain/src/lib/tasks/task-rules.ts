import type { FieldError } from '../common/problem';
import { type IndicatorPlan, checkIndicatorPlan } from '../indicators/indicator-rules';
import type { BusinessDate } from '../time/business-time';
import { checkCoOwners } from './task-edit-policy';

export interface TaskPlan {
  leadDepartmentId: string;
  coDepartmentIds: string[];
  startDate: BusinessDate | null;
  dueDate: BusinessDate;
  milestones: { title: string; plannedDate: BusinessDate }[];
  indicators: IndicatorPlan[];
}

/** Business rules across a task plan's fields (422 when broken). */
export function checkTaskPlan(plan: TaskPlan): FieldError[] {
  const errors: FieldError[] = [];
  if (plan.startDate && plan.startDate > plan.dueDate) {
    errors.push({ field: 'dueDate', code: 'before_start', message: 'The due date is before the start date' });
  }
  errors.push(...checkCoOwners(plan.leadDepartmentId, plan.coDepartmentIds));
  plan.milestones.forEach((milestone, index) => {
    if (milestone.plannedDate > plan.dueDate) {
      errors.push({
        field: `milestones.${index}.plannedDate`,
        code: 'after_due',
        message: 'Planned after the due date',
      });
    }
    if (plan.startDate && milestone.plannedDate < plan.startDate) {
      errors.push({
        field: `milestones.${index}.plannedDate`,
        code: 'before_start',
        message: 'Planned before the start date',
      });
    }
  });
  plan.indicators.forEach((indicator, index) => errors.push(...checkIndicatorPlan(indicator, `indicators.${index}`)));
  return errors;
}

/** How a department relates to a task. */
export type TaskRelation = 'lead' | 'co' | 'none';

export function taskRelation(
  departmentId: string | null,
  task: { leadDepartmentId: string; coDepartmentIds: readonly string[] },
): TaskRelation {
  if (!departmentId) return 'none';
  if (task.leadDepartmentId === departmentId) return 'lead';
  return task.coDepartmentIds.includes(departmentId) ? 'co' : 'none';
}
