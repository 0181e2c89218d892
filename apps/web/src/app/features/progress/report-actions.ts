import {
  allowedReportActions,
  hasPermission,
  isOpenTask,
  type MeView,
  mayAct,
  type ReportStatus,
  type TaskView,
  taskRelation,
} from '@zibo/domain';

export interface ReportActions {
  /** Type into the draft and save it (lead department staff or head). */
  edit: boolean;
  upload: boolean;
  /** Submit the draft (lead department head only). */
  submit: boolean;
  /** Lead department staff typed it; their head submits (代填): say so instead of a button. */
  awaitingHead: boolean;
  /** Hand the saved draft to the head (staff; the head is notified). */
  handOver: boolean;
  /** Take a returned report back to draft. */
  revise: boolean;
  /** Approve or return (committee). */
  review: boolean;
}

type Me = Pick<MeView, 'role' | 'departmentId'>;
type TaskFields = Pick<TaskView, 'status' | 'leadDepartmentId' | 'coDepartmentIds'>;

/**
 * What a user may do with a report (or, with `null`, a report not yet created), from the report
 * state machine and the same role/relation rules the api applies.
 */
export function reportActionsFor(status: ReportStatus | null, task: TaskFields, me: Me): ReportActions {
  const relation = taskRelation(me.departmentId, task);
  const open = isOpenTask(task.status);
  const allowed = status === null ? ['edit'] : allowedReportActions(status);
  const drafts = open && mayAct(me.role, relation, 'report.draft');
  const edit = drafts && allowed.includes('edit');
  const submitter = open && mayAct(me.role, relation, 'report.submit');
  const submit = submitter && status !== null && allowed.includes('submit');
  return {
    edit,
    // Also before the first save: picking a file saves the draft first.
    upload: edit && hasPermission(me.role, 'attachments:upload'),
    submit,
    // Only someone who may never submit waits for the head; the head is never told to wait for themself.
    awaitingHead: edit && !submitter,
    handOver: edit && status !== null && mayAct(me.role, relation, 'report.hand-over'),
    revise: drafts && allowed.includes('revise'),
    review: allowed.includes('approve') && mayAct(me.role, relation, 'report.review'),
  };
}
