import {
  isOpenTask,
  type MeView,
  mayAct,
  type ReportView,
  type TaskView,
  taskRelation,
  type WorkflowAction,
} from '@zibo/domain';

/** What the signed-in user is offered on a task page. */
export interface TaskActions {
  assign: boolean;
  complete: boolean;
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

/**
 * Completing needs an approved report marked final at 100 % (the api answers 409/422 otherwise);
 * the button says so beforehand instead of failing.
 */
export function readyToComplete(reports: readonly Pick<ReportView, 'status' | 'final' | 'percentComplete'>[]): boolean {
  return reports.some((r) => r.status === 'approved' && r.final && r.percentComplete === 100);
}
