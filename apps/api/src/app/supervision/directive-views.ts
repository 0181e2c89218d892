import { type DirectiveView, directiveStatus } from '@zibo/domain';
import { SupervisionRecords } from './supervision-records';

export interface DirectiveRow {
  id: string;
  task_id: string;
  task_title: string;
  report_id: string | null;
  report_period: string | null;
  department_id: string;
  text: string;
  respond_by: string;
  issued_by_id: string | null;
  issued_by_name: string | null;
  issued_at: Date;
  response: string | null;
  responded_at: Date | null;
  responded_by_id: string | null;
  responded_by_name: string | null;
  version: number;
}

/** For `FROM directive d JOIN task t ON t.id = d.task_id` plus DIRECTIVE_JOINS. */
export const DIRECTIVE_COLUMNS = `d.id, d.task_id, t.title AS task_title, d.report_id, r.period AS report_period,
  d.department_id, d.text, to_char(d.respond_by, 'YYYY-MM-DD') AS respond_by, d.issued_by_id,
  issuer.display_name AS issued_by_name, d.issued_at, d.response, d.responded_at, d.responded_by_id,
  responder.display_name AS responded_by_name, d.version`;
export const DIRECTIVE_JOINS = `LEFT JOIN progress_report r ON r.id = d.report_id
  LEFT JOIN app_user issuer ON issuer.id = d.issued_by_id
  LEFT JOIN app_user responder ON responder.id = d.responded_by_id`;

export function toDirectiveView(r: DirectiveRow, today: string): DirectiveView {
  return {
    id: r.id,
    taskId: r.task_id,
    taskTitle: r.task_title,
    reportId: r.report_id,
    reportPeriod: r.report_period,
    departmentId: r.department_id,
    text: r.text,
    respondBy: r.respond_by,
    issuedById: r.issued_by_id,
    issuedByName: r.issued_by_name,
    issuedAt: r.issued_at.toISOString(),
    response: r.response,
    respondedAt: r.responded_at ? r.responded_at.toISOString() : null,
    respondedById: r.responded_by_id,
    respondedByName: r.responded_by_name,
    status: directiveStatus({ respondBy: r.respond_by, respondedAt: r.responded_at }, today),
    version: r.version,
  };
}

export const DIRECTIVES = new SupervisionRecords<DirectiveRow, DirectiveView>({
  noun: 'directive',
  alias: 'd',
  from: 'directive d JOIN task t ON t.id = d.task_id',
  joins: DIRECTIVE_JOINS,
  columns: DIRECTIVE_COLUMNS,
  at: 'd.issued_at',
  toView: toDirectiveView,
  atOf: (directive) => directive.issuedAt,
});
