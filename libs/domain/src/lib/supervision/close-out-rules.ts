import type { FieldError } from '../common/problem';
import type { ReportStatus } from '../progress/report-state-machine';
import type { TaskStatus } from '../tasks/task-state-machine';
import type { WorkflowAction } from '../tasks/workflow-access';

/**
 * 办结销号: where the close-out of a task stands.
 * - `none`: never requested;
 * - `requested`: the lead department's head asked to close the task, the committee has not decided;
 * - `rejected`: the committee sent the latest request back (the head may ask again);
 * - `signed`: the committee signed it off, which completed the task.
 */
export const CLOSE_OUT_STATES = ['none', 'requested', 'rejected', 'signed'] as const;
export type CloseOutState = (typeof CLOSE_OUT_STATES)[number];

/** `attach`: add or remove evidence files of the waiting request (the lead department's head). */
export type CloseOutAction = 'request' | 'attach' | 'reject' | 'sign';

export interface CloseOutRequestFacts {
  rejectedAt: Date | string | null;
  signedAt: Date | string | null;
}

export function closeOutState(latest: CloseOutRequestFacts | null): CloseOutState {
  if (!latest) return 'none';
  if (latest.signedAt) return 'signed';
  return latest.rejectedAt ? 'rejected' : 'requested';
}

/** What of a report decides whether it is the task's final one. */
export interface FinalReportFacts {
  status: ReportStatus;
  final: boolean;
  percentComplete: number | null;
}

/**
 * The final report of a task: one its lead department marked `final`, at 100 %, that the committee
 * approved (docs/rules.md: a task is completed after approving a report marked final with 100 %).
 * A report may be marked final in any period, so a task finished early closes early.
 */
export function isApprovedFinalReport(report: FinalReportFacts): boolean {
  return report.status === 'approved' && report.final && report.percentComplete === 100;
}

export interface CloseRequestInput {
  status: TaskStatus;
  latest: CloseOutRequestFacts | null;
  reports: FinalReportFacts[];
}

/**
 * Whether the lead department's head may request close-out now: `conflict` (409) for a task that
 * is not open or already has an open request, field errors (422) without an approved final report.
 */
export function checkCloseRequest(
  input: CloseRequestInput,
): { ok: true } | { ok: false; conflict: string } | { ok: false; errors: FieldError[] } {
  if (input.status !== 'assigned' && input.status !== 'in_progress') {
    return { ok: false, conflict: `A ${input.status} task cannot be closed out.` };
  }
  if (closeOutState(input.latest) === 'requested') {
    return { ok: false, conflict: 'A close-out request is already waiting for the committee.' };
  }
  if (!input.reports.some(isApprovedFinalReport)) {
    return {
      ok: false,
      errors: [
        {
          field: 'summary',
          code: 'no_final_report',
          message: 'Close-out is requested after a final report at 100 % is approved',
        },
      ],
    };
  }
  return { ok: true };
}

/** The committee signs off (the `complete` command) or rejects only an open request; its evidence changes only then. */
export function allowedCloseOutActions(status: TaskStatus, latest: CloseOutRequestFacts | null): CloseOutAction[] {
  if (status !== 'assigned' && status !== 'in_progress') return [];
  return closeOutState(latest) === 'requested' ? ['attach', 'reject', 'sign'] : ['request'];
}

/** Who may take each close-out action: signing off is the committee's `complete`. */
export const CLOSE_OUT_WORKFLOW_ACTIONS: Record<CloseOutAction, WorkflowAction> = {
  request: 'close.request',
  attach: 'close.attach',
  reject: 'close.reject',
  sign: 'task.complete',
};
