import { type Transitions, allowedActions, transition } from '../common/state-machine';

export const TASK_STATUSES = ['draft', 'assigned', 'in_progress', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_ACTIONS = ['assign', 'start', 'complete', 'cancel'] as const;
/** `start` is not a user action: the first submitted report moves a task to in_progress. */
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Task workflow (docs/rules.md): draft → assigned → in_progress → completed | cancelled. */
export const TASK_TRANSITIONS: Transitions<TaskStatus, TaskAction> = {
  draft: { assign: 'assigned', cancel: 'cancelled' },
  assigned: { start: 'in_progress', complete: 'completed', cancel: 'cancelled' },
  in_progress: { complete: 'completed', cancel: 'cancelled' },
  completed: {},
  cancelled: {},
};

export const transitionTask = (from: TaskStatus, action: TaskAction) => transition(TASK_TRANSITIONS, from, action);
export const allowedTaskActions = (from: TaskStatus) => allowedActions(TASK_TRANSITIONS, from);

/** Open tasks owe reports, can be overdue and have a RAG status. SQL takes this list as a parameter. */
export const OPEN_TASK_STATUSES = ['assigned', 'in_progress'] as const satisfies readonly TaskStatus[];

export function isOpenTask(status: TaskStatus): boolean {
  return (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(status);
}

/** Departments do not see tasks still being drafted by the committee. */
export function isVisibleToDepartments(status: TaskStatus): boolean {
  return status !== 'draft';
}
