import type { EntityManager } from 'typeorm';
import {
  type InboxItemKind,
  type InboxItemView,
  type WorkingCalendar,
  acceptBy,
  hasPermission,
  mayAct,
  respondByDeadline,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';

/** What each audited 督查督办 action resolved, for the 已办 tab. */
export const SUPERVISION_DONE_ACTIONS: Record<string, InboxItemKind> = {
  'task.accept': 'task_to_accept',
  'task.decline': 'task_to_accept',
  'urge.respond': 'urge_to_answer',
  'notice.respond': 'notice_to_answer',
  'directive.respond': 'directive_to_answer',
  'task.insist': 'task_declined',
  'task.close_reject': 'close_out_to_sign',
  'task.complete': 'close_out_to_sign',
};

interface Row {
  id: string;
  task_id: string;
  title: string;
  work_item_code: string;
  lead_department_id: string;
  since: Date;
  respond_by: string | null;
}

const TASK = 't.id AS task_id, t.title, t.work_item_code, t.lead_department_id';
const OPEN = `t.status IN ('assigned', 'in_progress')`;

export interface SupervisionInboxContext {
  now: Date;
  timeZone: string;
  acceptWorkingDays: number;
  calendar: () => Promise<WorkingCalendar>;
}

/**
 * 督查督办 to-dos. The lead department's head: tasks to accept (签收), urges, notices and directives
 * to answer; the committee: declined tasks (退办) to reassign or insist on, close-out requests to
 * sign off. Answers are due by the end of their `respondBy` date, acceptance by the end of `acceptBy`.
 */
export async function supervisionItems(
  tx: EntityManager,
  user: AuthUser,
  ctx: SupervisionInboxContext,
): Promise<InboxItemView[]> {
  const items: InboxItemView[] = [];
  const departmentId = user.departmentId;
  const due = (respondBy: string | null) => (respondBy ? respondByDeadline(respondBy, ctx.timeZone) : null);
  const push = (kind: InboxItemKind, row: Row, dueAt: Date | null, reportId: string | null = null) =>
    items.push({
      id: `${kind}:${row.id}`,
      kind,
      taskId: row.task_id,
      taskTitle: row.title,
      workItemCode: row.work_item_code,
      leadDepartmentId: row.lead_department_id,
      reportId,
      amendmentId: null,
      period: null,
      dueAt: dueAt ? dueAt.toISOString() : null,
      overdue: dueAt ? dueAt.getTime() <= ctx.now.getTime() : false,
      since: row.since.toISOString(),
      doneAt: null,
      action: null,
    });

  if (departmentId && mayAct(user.role, 'lead', 'task.accept')) {
    const pending: Row[] = await tx.query(
      `SELECT t.id, ${TASK}, t.receipt_opened_at AS since, NULL AS respond_by FROM task t
        WHERE t.lead_department_id = $1 AND ${OPEN} AND t.accepted_at IS NULL AND t.receipt_opened_at IS NOT NULL
          AND (t.declined_at IS NULL OR t.insisted_at >= t.declined_at)`,
      [departmentId],
    );
    if (pending.length) {
      const calendar = await ctx.calendar();
      for (const row of pending) {
        const by = acceptBy(row.since, ctx.acceptWorkingDays, calendar, ctx.timeZone);
        push('task_to_accept', row, due(by));
      }
    }
  }
  if (departmentId && mayAct(user.role, 'lead', 'urge.respond')) {
    const urges: Row[] = await tx.query(
      `SELECT u.id, ${TASK}, u.created_at AS since, to_char(u.respond_by, 'YYYY-MM-DD') AS respond_by
         FROM urge u JOIN task t ON t.id = u.task_id
        WHERE u.department_id = $1 AND u.responded_at IS NULL AND ${OPEN}`,
      [departmentId],
    );
    for (const row of urges) push('urge_to_answer', row, due(row.respond_by));
  }
  if (departmentId && mayAct(user.role, 'lead', 'notice.respond')) {
    const notices: Row[] = await tx.query(
      `SELECT n.id, ${TASK}, n.issued_at AS since, to_char(n.respond_by, 'YYYY-MM-DD') AS respond_by
         FROM supervision_notice n JOIN task t ON t.id = n.task_id
        WHERE n.department_id = $1 AND n.responded_at IS NULL AND ${OPEN}`,
      [departmentId],
    );
    for (const row of notices) push('notice_to_answer', row, due(row.respond_by));
  }
  if (departmentId && mayAct(user.role, 'lead', 'directive.respond')) {
    const directives: (Row & { report_id: string | null })[] = await tx.query(
      `SELECT d.id, ${TASK}, d.issued_at AS since, to_char(d.respond_by, 'YYYY-MM-DD') AS respond_by, d.report_id
         FROM directive d JOIN task t ON t.id = d.task_id
        WHERE d.department_id = $1 AND d.responded_at IS NULL AND ${OPEN}`,
      [departmentId],
    );
    for (const row of directives) push('directive_to_answer', row, due(row.respond_by), row.report_id);
  }
  if (hasPermission(user.role, 'tasks:insist')) {
    const declined: Row[] = await tx.query(
      `SELECT t.id, ${TASK}, t.declined_at AS since, NULL AS respond_by FROM task t
        WHERE ${OPEN} AND t.accepted_at IS NULL AND t.declined_at IS NOT NULL
          AND (t.insisted_at IS NULL OR t.insisted_at < t.declined_at)`,
    );
    for (const row of declined) push('task_declined', row, null);
  }
  if (hasPermission(user.role, 'tasks:reject-close')) {
    const requests: Row[] = await tx.query(
      `SELECT c.id, ${TASK}, c.requested_at AS since, NULL AS respond_by
         FROM close_out_request c JOIN task t ON t.id = c.task_id
        WHERE c.rejected_at IS NULL AND c.signed_at IS NULL AND ${OPEN}`,
    );
    for (const row of requests) push('close_out_to_sign', row, null);
  }
  return items;
}
