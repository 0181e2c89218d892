import { isOpenTask, type MeView, mayAct, type TaskView, taskRelation, type WorkflowAction } from '@zibo/domain';

/** What the signed-in user is offered on a task page. */
export interface TaskActions {
  assign: boolean;
  /** Offered once the api lists `complete`: it does only after an approved final report at 100 %. */
  complete: boolean;
  /** The committee could complete this task, but the api does not offer it yet: say what is missing. */
  completePending: boolean;
  cancel: boolean;
  /** The committee edits the task (every field while draft, the non-plan fields after). */
  edit: boolean;
  /** The lead department drafts a period report. */
  draftReport: boolean;
  /** The lead department head (or the committee) sets milestone done dates. */
  markMilestones: boolean;
  /** The committee changes the plan at once; the lead head proposes a change. */
  amend: boolean;
  proposeAmendment: boolean;
  /** The committee approves or rejects a proposed plan change. */
  decideAmendment: boolean;
  /** A co-owning department files its contribution. */
  contribute: boolean;
}

type Me = Pick<MeView, 'role' | 'departmentId'>;

/**
 * The buttons a user sees, from the same rules the api enforces: the task's `allowedActions` for the
 * caller (state machine), narrowed by `mayAct` with the caller's relation to the task.
 */
export function taskActionsFor(task: TaskView, me: Me): TaskActions {
  const relation = taskRelation(me.departmentId, task);
  const may = (action: WorkflowAction): boolean => mayAct(me.role, relation, action);
  const allowed = (action: 'assign' | 'complete' | 'cancel'): boolean =>
    task.allowedActions.includes(action) && may(`task.${action}`);
  const open = isOpenTask(task.status);
  return {
    assign: allowed('assign'),
    complete: allowed('complete'),
    completePending: task.status === 'in_progress' && !task.allowedActions.includes('complete') && may('task.complete'),
    cancel: allowed('cancel'),
    edit: may('task.edit') && (task.status === 'draft' || open),
    draftReport: open && may('report.draft'),
    markMilestones: open && (may('milestone.mark-done') || may('task.edit')),
    amend: open && may('task.amend'),
    proposeAmendment: open && may('amendment.propose'),
    decideAmendment: open && may('amendment.decide'),
    contribute: open && may('contribution.draft'),
  };
}
