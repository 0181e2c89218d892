import { type Transitions, allowedActions, transition } from '../common/state-machine';

export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_ACTIONS = ['edit', 'submit', 'approve', 'return', 'revise'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/**
 * Report workflow (docs/rules.md): draft → submitted → approved | returned; returned → draft (revise).
 * Approved reports are frozen: nothing leaves `approved`.
 */
export const REPORT_TRANSITIONS: Transitions<ReportStatus, ReportAction> = {
  draft: { edit: 'draft', submit: 'submitted' },
  submitted: { approve: 'approved', return: 'returned' },
  returned: { revise: 'draft' },
  approved: {},
};

export const transitionReport = (from: ReportStatus, action: ReportAction) =>
  transition(REPORT_TRANSITIONS, from, action);
export const allowedReportActions = (from: ReportStatus) => allowedActions(REPORT_TRANSITIONS, from);

/**
 * The report statuses whose percent counts for a task: never a draft or a returned report. SQL
 * that filters reports for the percent that counts takes this list as a parameter.
 */
export const COUNTED_REPORT_STATUSES = ['submitted', 'approved'] as const satisfies readonly ReportStatus[];

/** The percent that counts for a task comes only from submitted or approved reports. */
export function countsForProgress(status: ReportStatus): boolean {
  return (COUNTED_REPORT_STATUSES as readonly ReportStatus[]).includes(status);
}
