import { type TaskAction, type TaskRelation, taskRelation } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import type { Task } from './task.entity';

/** The workflow permission each user-facing task action needs (`start` is no user's). */
export const USER_TASK_ACTIONS: Partial<Record<TaskAction, 'task.assign' | 'task.complete' | 'task.cancel'>> = {
  assign: 'task.assign',
  complete: 'task.complete',
  cancel: 'task.cancel',
};

/** How the caller's department stands to the task: lead, co-owner or none. */
export function relationTo(user: AuthUser, task: Task): TaskRelation {
  return taskRelation(user.departmentId, {
    leadDepartmentId: task.leadDepartmentId,
    coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
  });
}
