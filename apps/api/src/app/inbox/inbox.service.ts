import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  INBOX_ITEM_KINDS,
  type InboxCountsView,
  type InboxItemKind,
  type InboxItemView,
  type InboxQuery,
  type Page,
  type ReportStatus,
  type ReportingCycle,
  compareInboxItems,
  comparePeriods,
  currentReportingPeriod,
  deadlineOf,
  firstOwedPeriod,
  hasPermission,
  inboxSortKey,
  lastClosedPeriod,
  mayAct,
  owedItemKind,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { CalendarService } from '../calendar';
import { SUPERVISION_DONE_ACTIONS, supervisionItems } from './supervision-inbox';

const todoCursor = z.tuple([
  z.number().int().min(0).max(1),
  cursorKey.text(40),
  cursorKey.text(40),
  cursorKey.text(200),
]);
const doneCursor = z.tuple([cursorKey.seq]);

/** What each audited action resolved, for the 已办 tab. */
const DONE_ACTIONS: Record<string, InboxItemKind> = {
  'report.submit': 'report_owed',
  'report.ready': 'draft_waiting_for_head',
  'report.revise': 'report_returned',
  'report.approve': 'report_submitted_for_review',
  'report.return': 'report_submitted_for_review',
  'amendment.approve': 'amendment_pending',
  'amendment.reject': 'amendment_pending',
  ...SUPERVISION_DONE_ACTIONS,
  'contribution.submit': 'contribution_owed',
};

interface TaskColumns {
  task_id: string;
  title: string;
  work_item_code: string;
  lead_department_id: string;
}

interface LeadRow extends TaskColumns {
  reporting_cycle: ReportingCycle;
  start_date: string | null;
  assigned_at: Date | null;
  period: string;
  report_id: string | null;
  status: ReportStatus | null;
  revision: number | null;
  ready_at: Date | null;
  reviewed_at: Date | null;
}

interface CoRow extends TaskColumns {
  reporting_cycle: ReportingCycle;
  start_date: string | null;
  assigned_at: Date | null;
  period: string;
  contribution_id: string | null;
}

interface RecordRow extends TaskColumns {
  id: string;
  period: string | null;
  since: Date;
}

interface DoneRow extends TaskColumns {
  seq: string;
  action: string;
  at: Date;
  entity_type: string;
  entity_id: string;
  period: string | null;
}

const TASK_COLUMNS = 't.id AS task_id, t.title, t.work_item_code, t.lead_department_id';

/**
 * The to-do inbox (待办) and what the caller did (已办). To-do items are derived from the records
 * in a few set queries (no per-task query): reports owed for the current and the last closed period
 * of the lead department's open tasks, drafts handed to the head, returned reports, submitted
 * reports and proposed amendments for the committee; then ordered by the one domain rule and paged.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser, query: InboxQuery): Promise<Page<InboxItemView>> {
    if (query.done) return this.done(user, query);
    const after = decodeCursor(query.cursor, todoCursor);
    const items = await this.todo(user);
    const rest = after ? items.filter((item) => compareKeys(inboxSortKey(item), after) > 0) : items;
    const page = rest.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: rest.length > query.limit && last ? encodeCursor(inboxSortKey(last)) : null };
  }

  async counts(user: AuthUser): Promise<InboxCountsView> {
    const items = await this.todo(user);
    const byKind = Object.fromEntries(INBOX_ITEM_KINDS.map((kind) => [kind, 0])) as Record<InboxItemKind, number>;
    for (const item of items) byKind[item.kind] += 1;
    return { total: items.length, overdue: items.filter((i) => i.overdue).length, byKind };
  }

  private async todo(user: AuthUser): Promise<InboxItemView[]> {
    return this.unitOfWork.run(async (tx) => {
      const items: InboxItemView[] = [];
      if (user.departmentId && mayAct(user.role, 'lead', 'report.draft')) {
        items.push(...(await this.leadWork(tx, user.departmentId, mayAct(user.role, 'lead', 'report.submit'))));
      }
      if (user.departmentId && mayAct(user.role, 'co', 'contribution.draft')) {
        items.push(...(await this.coWork(tx, user.departmentId)));
      }
      if (hasPermission(user.role, 'reports:review')) items.push(...(await this.reviews(tx)));
      if (hasPermission(user.role, 'amendments:decide')) items.push(...(await this.amendments(tx)));
      items.push(
        ...(await supervisionItems(tx, user, {
          now: this.clock.now(),
          timeZone: this.config.businessTimeZone,
          acceptWorkingDays: this.config.acceptWorkingDays,
          calendar: () => this.calendar.load(tx),
        })),
      );
      return items.sort(compareInboxItems);
    });
  }

  /** The lead department's reports: owed this period and the last closed one, handed over, returned. */
  private async leadWork(tx: EntityManager, departmentId: string, submits: boolean): Promise<InboxItemView[]> {
    const now = this.clock.now();
    const { reportDueDay, businessTimeZone: timeZone } = this.config;
    const slots = (['monthly', 'quarterly'] as const).flatMap((cycle) => [
      { cycle, period: currentReportingPeriod(now, cycle, reportDueDay, timeZone) },
      { cycle, period: lastClosedPeriod(now, cycle, reportDueDay, timeZone) },
    ]);
    const periods = slots.map((s) => s.period);
    const columns = `${TASK_COLUMNS}, t.reporting_cycle, t.start_date::text AS start_date, t.assigned_at,
      r.id AS report_id, r.status, r.revision, r.ready_at, r.reviewed_at`;
    const rows: LeadRow[] = await tx.query(
      `SELECT ${columns}, p.period
         FROM task t
         JOIN (VALUES ('monthly', $2::varchar), ('monthly', $3::varchar), ('quarterly', $4::varchar),
                      ('quarterly', $5::varchar)) AS p (cycle, period) ON p.cycle = t.reporting_cycle
         LEFT JOIN progress_report r ON r.task_id = t.id AND r.period = p.period
        WHERE t.lead_department_id = $1 AND t.status IN ('assigned', 'in_progress')
       UNION ALL
       SELECT ${columns}, r.period
         FROM progress_report r JOIN task t ON t.id = r.task_id
        WHERE t.lead_department_id = $1 AND t.status IN ('assigned', 'in_progress')
          AND r.period <> ALL (ARRAY[$2, $3, $4, $5]::varchar[])
          AND (r.status = 'returned' OR (r.status = 'draft' AND (r.ready_at IS NOT NULL OR r.revision > 0)))`,
      [departmentId, ...periods],
    );
    const items: InboxItemView[] = [];
    for (const row of rows) {
      const first = firstOwedPeriod({
        startDate: row.start_date,
        assignedAt: row.assigned_at,
        reportingCycle: row.reporting_cycle,
        timeZone,
      });
      if (!row.report_id && (!first || comparePeriods(row.period, first) < 0)) continue;
      const dueAt = deadlineOf(row.period, reportDueDay, timeZone);
      const late = dueAt.getTime() <= now.getTime();
      const report =
        row.report_id && row.status ? { status: row.status, revision: row.revision ?? 0, readyAt: row.ready_at } : null;
      const kind = owedItemKind({ late, report }, submits);
      if (!kind) continue;
      items.push({
        ...taskFields(row),
        id: `${kind}:${row.report_id ?? `${row.task_id}:${row.period}`}`,
        kind,
        reportId: row.report_id,
        amendmentId: null,
        period: row.period,
        dueAt: dueAt.toISOString(),
        overdue: late,
        since: iso(
          kind === 'draft_waiting_for_head' ? row.ready_at : kind === 'report_returned' ? row.reviewed_at : null,
        ),
        doneAt: null,
        action: null,
      });
    }
    return items;
  }

  /**
   * A co-owning department's contributions owed for the current and the last closed period of its open
   * co-owned tasks: nothing submitted yet for that period (a draft is still owed). Once the lead
   * department's report of a period is approved, a contribution to it is no longer asked for.
   */
  private async coWork(tx: EntityManager, departmentId: string): Promise<InboxItemView[]> {
    const now = this.clock.now();
    const { reportDueDay, businessTimeZone: timeZone } = this.config;
    const periods = (['monthly', 'quarterly'] as const).flatMap((cycle) => [
      currentReportingPeriod(now, cycle, reportDueDay, timeZone),
      lastClosedPeriod(now, cycle, reportDueDay, timeZone),
    ]);
    const rows: CoRow[] = await tx.query(
      `SELECT ${TASK_COLUMNS}, t.reporting_cycle, t.start_date::text AS start_date, t.assigned_at, p.period,
              c.id AS contribution_id
         FROM task t
         JOIN task_co_department cd ON cd.task_id = t.id AND cd.department_id = $1
         JOIN (VALUES ('monthly', $2::varchar), ('monthly', $3::varchar), ('quarterly', $4::varchar),
                      ('quarterly', $5::varchar)) AS p (cycle, period) ON p.cycle = t.reporting_cycle
         LEFT JOIN contribution c ON c.task_id = t.id AND c.department_id = $1 AND c.period = p.period
         LEFT JOIN progress_report r ON r.task_id = t.id AND r.period = p.period
        WHERE t.status IN ('assigned', 'in_progress') AND t.lead_department_id <> $1
          AND (c.id IS NULL OR c.status = 'draft') AND (r.id IS NULL OR r.status <> 'approved')`,
      [departmentId, ...periods],
    );
    const items: InboxItemView[] = [];
    for (const row of rows) {
      const first = firstOwedPeriod({
        startDate: row.start_date,
        assignedAt: row.assigned_at,
        reportingCycle: row.reporting_cycle,
        timeZone,
      });
      if (!row.contribution_id && (!first || comparePeriods(row.period, first) < 0)) continue;
      const dueAt = deadlineOf(row.period, reportDueDay, timeZone);
      items.push({
        ...taskFields(row),
        id: `contribution_owed:${row.task_id}:${row.period}`,
        kind: 'contribution_owed',
        reportId: null,
        amendmentId: null,
        period: row.period,
        dueAt: dueAt.toISOString(),
        overdue: dueAt.getTime() <= now.getTime(),
        since: null,
        doneAt: null,
        action: null,
      });
    }
    return items;
  }

  private async reviews(tx: EntityManager): Promise<InboxItemView[]> {
    const rows: RecordRow[] = await tx.query(
      `SELECT ${TASK_COLUMNS}, r.id, r.period, r.submitted_at AS since
         FROM progress_report r JOIN task t ON t.id = r.task_id
        WHERE r.status = 'submitted'`,
    );
    return rows.map((row) => recordItem('report_submitted_for_review', row, { reportId: row.id }));
  }

  private async amendments(tx: EntityManager): Promise<InboxItemView[]> {
    const rows: RecordRow[] = await tx.query(
      `SELECT ${TASK_COLUMNS}, a.id, NULL AS period, a.proposed_at AS since
         FROM amendment a JOIN task t ON t.id = a.task_id
        WHERE a.status = 'proposed'`,
    );
    return rows.map((row) => recordItem('amendment_pending', row, { amendmentId: row.id }));
  }

  /** 已办: what the caller did, newest first, from the audit log (their own events, index on actor and seq). */
  private async done(user: AuthUser, query: InboxQuery): Promise<Page<InboxItemView>> {
    const after = decodeCursor(query.cursor, doneCursor);
    const scoped = hasPermission(user.role, 'tasks:read-all') ? null : user.departmentId;
    return this.unitOfWork.run(async (tx) => {
      const rows: DoneRow[] = await tx.query(
        `SELECT e.seq, e.action, e.at, e.entity_type, e.entity_id, coalesce(r.period, c.period) AS period,
                ${TASK_COLUMNS}
           FROM audit_event e
           LEFT JOIN progress_report r ON e.entity_type = 'report' AND r.id::text = e.entity_id
           LEFT JOIN amendment a ON e.entity_type = 'amendment' AND a.id::text = e.entity_id
           LEFT JOIN urge u ON e.entity_type = 'urge' AND u.id::text = e.entity_id
           LEFT JOIN supervision_notice n ON e.entity_type = 'supervision_notice' AND n.id::text = e.entity_id
           LEFT JOIN directive d ON e.entity_type = 'directive' AND d.id::text = e.entity_id
           LEFT JOIN contribution c ON e.entity_type = 'contribution' AND c.id::text = e.entity_id
           JOIN task t ON t.id = coalesce(r.task_id, a.task_id, c.task_id, u.task_id, n.task_id, d.task_id,
                                          CASE WHEN e.entity_type = 'task' THEN e.entity_id::uuid END)
          WHERE e.actor_id = $1 AND e.action = ANY($2) AND ($3::bigint IS NULL OR e.seq < $3)
            AND ($4::uuid IS NULL OR t.lead_department_id = $4 OR c.department_id = $4)
          ORDER BY e.seq DESC
          LIMIT $5`,
        [user.id, Object.keys(DONE_ACTIONS), after?.[0] ?? null, scoped, query.limit + 1],
      );
      const items = rows.slice(0, query.limit).map((row): InboxItemView => {
        const kind = DONE_ACTIONS[row.action] ?? 'report_owed';
        const isReport = row.entity_type === 'report';
        return {
          ...taskFields(row),
          id: `done:${row.seq}`,
          kind,
          reportId: isReport ? row.entity_id : null,
          amendmentId: row.entity_type === 'amendment' ? row.entity_id : null,
          period: row.period,
          dueAt: row.period
            ? deadlineOf(row.period, this.config.reportDueDay, this.config.businessTimeZone).toISOString()
            : null,
          overdue: false,
          since: null,
          doneAt: row.at.toISOString(),
          action: row.action,
        };
      });
      const last = rows[Math.min(rows.length, query.limit) - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.seq)]) : null };
    });
  }
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function taskFields(row: TaskColumns) {
  return {
    taskId: row.task_id,
    taskTitle: row.title,
    workItemCode: row.work_item_code,
    leadDepartmentId: row.lead_department_id,
  };
}

function recordItem(
  kind: InboxItemKind,
  row: RecordRow,
  ids: { reportId?: string; amendmentId?: string },
): InboxItemView {
  return {
    ...taskFields(row),
    id: `${kind}:${row.id}`,
    kind,
    reportId: ids.reportId ?? null,
    amendmentId: ids.amendmentId ?? null,
    period: row.period,
    dueAt: null,
    overdue: false,
    since: row.since.toISOString(),
    doneAt: null,
    action: null,
  };
}

function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}
