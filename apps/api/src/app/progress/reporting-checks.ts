import type { EntityManager } from 'typeorm';
import {
  type FieldError,
  type IndicatorActualView,
  type WorkflowAction,
  businessDateOf,
  comparePeriods,
  cycleOf,
  firstOwedPeriod,
  isOpenTask,
  checkIndicatorActuals,
  mayAct,
  periodContaining,
  taskRelation,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { problems } from '../../core/problems/problem.exception';
import { Indicator, type Task, selectTaskForUpdate } from '../tasks';

/**
 * Checks shared by reports and contributions: the task lock, who may act, which periods may be
 * reported and whether indicator actuals fit their indicators.
 */

/** Locks the task row (one writer at a time per task) and loads it with its co-owners. */
export async function lockTaskForReporting(tx: EntityManager, taskId: string): Promise<Task> {
  const task = await selectTaskForUpdate(tx, taskId, false);
  if (!task) throw problems.notFound('task');
  return task;
}

/** 403 unless the caller's role and department relation allow the action on this task. */
export function authorizeTaskAction(actor: AuthUser, task: Task, action: WorkflowAction): void {
  const relation = taskRelation(actor.departmentId, {
    leadDepartmentId: task.leadDepartmentId,
    coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
  });
  if (!mayAct(actor.role, relation, action)) throw problems.forbidden();
}

/** 409 unless the task is open (assigned or in progress): closed and draft tasks take no reports. */
export function assertTaskTakesReports(task: Task): void {
  if (!isOpenTask(task.status)) {
    throw problems.conflict(`The task is ${task.status}: it takes no reports.`, []);
  }
}

/** Reports are owed from the period of the later of start and assignment, up to today's period. */
export function checkReportPeriod(task: Task, period: string, now: Date, timeZone: string): FieldError[] {
  if (cycleOf(period) !== task.reportingCycle) {
    return [{ field: 'period', code: 'cycle', message: `This task reports ${task.reportingCycle}` }];
  }
  const first = firstOwedPeriod({ ...task, timeZone });
  const last = periodContaining(businessDateOf(now, timeZone), task.reportingCycle);
  if (first && comparePeriods(period, first) < 0) {
    return [{ field: 'period', code: 'before_start', message: `Reports start with ${first}` }];
  }
  if (comparePeriods(period, last) > 0) {
    return [{ field: 'period', code: 'future', message: `The latest period you can report is ${last}` }];
  }
  return [];
}

/** Each actual names an indicator of the task, once, with a value that fits its unit (the domain's check). */
export async function checkTaskIndicatorActuals(
  tx: EntityManager,
  taskId: string,
  actuals: IndicatorActualView[],
): Promise<FieldError[]> {
  if (!actuals.length) return [];
  return checkIndicatorActuals(actuals, await tx.getRepository(Indicator).findBy({ taskId }));
}
