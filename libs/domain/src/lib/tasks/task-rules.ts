import type { FieldError } from '../common/problem';
import { type IndicatorPlan, checkIndicatorPlan } from '../indicators/indicator-rules';
import type { BusinessDate } from '../time/business-time';

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
  if (plan.coDepartmentIds.includes(plan.leadDepartmentId)) {
    errors.push({ field: 'coDepartmentIds', code: 'includes_lead', message: 'The lead department cannot also co-own' });
  }
  if (new Set(plan.coDepartmentIds).size !== plan.coDepartmentIds.length) {
    errors.push({ field: 'coDepartmentIds', code: 'duplicate', message: 'A department is listed twice' });
  }
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
