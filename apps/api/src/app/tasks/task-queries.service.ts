import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  COUNTED_REPORT_STATUSES,
  type ListTasksQuery,
  type Rag,
  type TaskSortKey,
  type TaskStatus,
  type TaskTotalsQuery,
  type TaskTotalsView,
  RAG_STATUSES,
  TASK_STATUSES,
  TEXT_LIMITS,
  type Page,
  type ReportSummaryView,
  type TaskAction,
  type TaskListItemView,
  type TaskView,
  RECEIPT_WORKFLOW_ACTIONS,
  CLOSE_OUT_WORKFLOW_ACTIONS,
  acceptBy,
  allowedCloseOutActions,
  allowedReceiptActions,
  allowedTaskActions,
  lastSubmittedStatus,
  mayAct,
  receiptState,
  recordAccess,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { SqlFilter, containsPattern, textArray } from '../../core/database/sql-params';
import { KeysetSort, type SortColumn, sortColumn } from '../../core/http/keyset-sort';
import { problems } from '../../core/problems/problem.exception';
import { CalendarService } from '../calendar';
import { Department } from '../departments';
import type { TableCell } from '../exports';
import { WorkItem } from '../reference';
import type { Task } from './task.entity';
import { USER_TASK_ACTIONS, relationTo } from './task-actions';
import { type TaskExportNames, taskExportRow } from './task-export';
import { selectTaskPage, selectTasks } from './task-rows';
import { TaskStatusRefresher } from './task-status-refresher.service';
import { type LatestActual, toTaskListItem, toTaskView } from './task-views';
import { reportColumns, visibleRecordCondition } from './record-visibility';
import { visibleTaskCondition } from './task-visibility';
import { latestCloseOut } from './close-out-records';

/**
 * What `?sort=` orders the task list by (TASK_SORT_KEYS): each a value that is never NULL. Status
 * and RAG follow the domain's orders (lifecycle; red, amber, green), tasks without a RAG last.
 */
const TASK_SORT_COLUMNS: Record<TaskSortKey, SortColumn> = {
  dueDate: sortColumn.date('t.due_date'),
  title: sortColumn.text('t.title', TEXT_LIMITS.title),
  // `ld`: the lead department, joined by selectTaskPage (one hash join, not a lookup per row).
  leadDepartment: sortColumn.text(`COALESCE(ld.code, '')`, 64),
  status: sortColumn.int(`array_position(${textArray(TASK_STATUSES)}, t.status::text)`),
  rag: sortColumn.int(`COALESCE(array_position(${textArray(RAG_STATUSES)}, t.rag::text), ${RAG_STATUSES.length + 1})`),
  percentComplete: sortColumn.int('t.percent_complete'),
  updatedAt: sortColumn.instant('t.updated_at'),
};

/** A list item and its place in the list's order. */
interface ListRow {
  item: TaskListItemView;
  position: [string | number, string];
}

function taskSort(query: ListTasksQuery): KeysetSort<TaskSortKey> {
  return new KeysetSort(TASK_SORT_COLUMNS, 't.id', query.sort);
}

/** The list's, its download's and its totals' condition: what the caller may see, with the filters. */
function taskFilter(user: AuthUser, query: TaskTotalsQuery): SqlFilter {
  const filter = new SqlFilter();
  filter.and(visibleTaskCondition(user, 't', filter.nextParam));
  if (query.focusArea) filter.and(`t.work_item_code LIKE ${filter.param(`${query.focusArea}.%`)}`);
  if (query.workItem) filter.and(`t.work_item_code = ${filter.param(query.workItem)}`);
  if (query.department) {
    const p = filter.param(query.department);
    filter.and(
      `(t.lead_department_id = ${p} OR EXISTS (SELECT 1 FROM task_co_department d WHERE d.task_id = t.id AND d.department_id = ${p}))`,
    );
  }
  // Lead only: what the dashboard's per-department counts count (`department` keeps lead or co-owner).
  if (query.leadDepartment) filter.and(`t.lead_department_id = ${filter.param(query.leadDepartment)}`);
  if (query.status) filter.and(`t.status = ${filter.param(query.status)}`);
  if (query.rag) filter.and(`t.rag = ${filter.param(query.rag)}`);
  if (query.overdue !== undefined) filter.and(`t.overdue = ${filter.param(query.overdue)}`);
  if (query.q) filter.and(`t.title ILIKE ${filter.param(containsPattern(query.q))}`);
  return filter;
}

// Tasks read per query of an export.
const EXPORT_BATCH = 500;

/**
 * The task's reads: the list (and its export), the detail, the access guard's visibility check,
 * and the view a command answers with, built from the aggregate it already holds.
 */
@Injectable()
export class TaskQueries {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly refresher: TaskStatusRefresher,
    private readonly calendar: CalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Tasks the caller may see with the contract's filters, in `sort`'s order then id (stable). */
  async list(user: AuthUser, query: ListTasksQuery): Promise<Page<TaskListItemView>> {
    const sort = taskSort(query);
    const after = sort.decode(query.cursor);
    return this.unitOfWork.read(async (tx) => {
      await this.refresher.refreshStale(tx);
      const rows = await this.listPage(tx, user, query, sort, after, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => row.item),
        nextCursor: rows.length > query.limit && last ? sort.encode(last.position) : null,
      };
    });
  }

  /** Every task of the list with its filters and order (limit and cursor ignored), read in batches as they are taken. */
  async *listAll(user: AuthUser, query: ListTasksQuery): AsyncGenerator<TaskListItemView[]> {
    const sort = taskSort(query);
    let after: readonly [string | number, string] | null = null;
    await this.unitOfWork.run((tx) => this.refresher.refreshStale(tx));
    for (;;) {
      const from: readonly [string | number, string] | null = after;
      const batch: ListRow[] = await this.unitOfWork.run((tx) =>
        this.listPage(tx, user, query, sort, from, EXPORT_BATCH),
      );
      if (batch.length) yield batch.map((row) => row.item);
      const last: ListRow | undefined = batch[batch.length - 1];
      if (batch.length < EXPORT_BATCH || !last) return;
      after = last.position;
    }
  }

  /**
   * How many tasks the list's filters match for the caller, per RAG, status and overdue: one
   * GROUP BY over the same condition the list pages through, so the totals line and the list agree.
   */
  async totals(user: AuthUser, query: TaskTotalsQuery): Promise<TaskTotalsView> {
    return this.unitOfWork.read(async (tx) => {
      await this.refresher.refreshStale(tx);
      const filter = taskFilter(user, query);
      const rows: { status: TaskStatus; rag: Rag | null; overdue: boolean; count: number }[] = await tx.query(
        `SELECT t.status, t.rag, t.overdue, count(*)::int AS count FROM task t WHERE ${filter.sql}
          GROUP BY t.status, t.rag, t.overdue`,
        filter.params,
      );
      const totals: TaskTotalsView = {
        total: 0,
        rag: { red: 0, amber: 0, green: 0, none: 0 },
        status: Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>,
        overdue: 0,
      };
      for (const row of rows) {
        totals.total += row.count;
        totals.rag[row.rag ?? 'none'] += row.count;
        totals.status[row.status] += row.count;
        if (row.overdue) totals.overdue += row.count;
      }
      return totals;
    });
  }

  /** The list as table rows for a CSV/XLSX download (names in Chinese, as the user reads them). */
  async *exportRows(user: AuthUser, query: ListTasksQuery): AsyncGenerator<TableCell[]> {
    const names = await this.unitOfWork.run(async (tx): Promise<TaskExportNames> => {
      const workItems = await tx.getRepository(WorkItem).find();
      const departments = await tx.getRepository(Department).find();
      return {
        workItems: new Map(workItems.map((w) => [w.code, w.name])),
        departments: new Map(departments.map((d) => [d.id, d.name])),
      };
    });
    for await (const batch of this.listAll(user, query)) {
      for (const task of batch) yield taskExportRow(task, names);
    }
  }

  /** Up to `limit` tasks after `after` in `sort`'s order, each with its cursor position. */
  private async listPage(
    tx: EntityManager,
    user: AuthUser,
    query: ListTasksQuery,
    sort: KeysetSort<TaskSortKey>,
    after: readonly [string | number, string] | null | undefined,
    limit: number,
  ): Promise<ListRow[]> {
    const filter = taskFilter(user, query);
    sort.after(filter, after);
    // The page size is the last parameter (selectTaskPage's LIMIT).
    filter.param(limit);
    // The page's tasks with their co-owners in one statement (ix_task_due_date_id serves the default order).
    const rows = await selectTaskPage(tx, filter.sql, filter.params, {
      orderBy: sort.orderBy,
      sortValue: sort.valueSql,
    });
    const latest = await this.latestReports(
      tx,
      user,
      rows.map((row) => row.task.id),
    );
    return rows.map(({ task, sortValue }) => ({
      item: toTaskListItem(task, latest.get(task.id) ?? null),
      position: sort.position(sortValue, task.id),
    }));
  }

  async get(user: AuthUser, id: string): Promise<TaskView> {
    return this.unitOfWork.read(async (tx) => {
      await this.refresher.refreshStale(tx);
      return this.view(tx, user, id);
    });
  }

  /**
   * Whether the caller may see task `id` (the access guard's 404 check). The same statement asks
   * whether any status is stale today, so the read that follows in this request needs no probe.
   */
  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    const today = this.refresher.today();
    const visible = visibleTaskCondition(user, 't', 3);
    return this.unitOfWork.read(async (db) => {
      const rows: { visible: boolean; stale: boolean }[] = await db.query(
        `SELECT EXISTS (SELECT 1 FROM task t WHERE t.id = $1 AND ${visible.sql}) AS visible,
                ${this.refresher.staleColumn('$2')} AS stale`,
        [id, today, ...visible.params],
      );
      const row = rows[0];
      await this.refresher.settle(db, row?.stale ?? true, today);
      return row?.visible ?? false;
    });
  }

  /** The detail of task `id` as `user` sees it. */
  async view(tx: EntityManager, user: AuthUser, id: string): Promise<TaskView> {
    const task = (await selectTasks(tx, [id], true)).get(id);
    if (!task) throw problems.notFound('task');
    return this.viewOf(tx, user, task);
  }

  /** The detail of a task already loaded (with its plan), as `user` sees it. */
  async viewOf(tx: EntityManager, user: AuthUser, task: Task): Promise<TaskView> {
    const id = task.id;
    const latest = await this.latestReports(tx, user, [id]);
    const { completable, actuals } = await this.reportFacts(tx, id);
    const closeOut = await latestCloseOut(tx, id);
    const closeOutActions = allowedCloseOutActions(task.status, closeOut);
    const signable = completable && closeOutActions.includes('sign');
    const view = toTaskView(task, latest.get(id) ?? null, actuals, this.allowedActions(user, task, signable), {
      // 签收: the deadline is read from the working-day calendar only while the receipt is pending.
      acceptBy:
        receiptState(task) === 'pending' && task.receiptOpenedAt
          ? acceptBy(
              task.receiptOpenedAt,
              this.config.acceptWorkingDays,
              await this.calendar.load(tx),
              this.config.businessTimeZone,
            )
          : null,
      allowedReceiptActions: allowedReceiptActions(task).filter((action) =>
        mayAct(user.role, relationTo(user, task), RECEIPT_WORKFLOW_ACTIONS[action]),
      ),
    });
    return {
      ...view,
      closeOut,
      allowedCloseOutActions: closeOutActions.filter((action) =>
        mayAct(user.role, relationTo(user, task), CLOSE_OUT_WORKFLOW_ACTIONS[action]),
      ),
    };
  }

  /**
   * In one statement: whether the task may be completed (an approved final report at 100 %), and
   * the latest actual of each indicator from its counted (submitted or approved) reports.
   */
  private async reportFacts(
    tx: EntityManager,
    taskId: string,
  ): Promise<{ completable: boolean; actuals: Map<string, LatestActual> }> {
    const rows: { completable: boolean; actuals: { indicator_id: string; value: number; period: string }[] }[] =
      await tx.query(
        `SELECT EXISTS (SELECT 1 FROM progress_report WHERE task_id = $1 AND status = 'approved' AND final
                          AND percent_complete = 100) AS completable,
                (SELECT COALESCE(json_agg(json_build_object('indicator_id', a.indicator_id, 'value', a.value,
                                                            'period', a.period)), '[]')
                   FROM (SELECT DISTINCT ON (a->>'indicatorId') a->>'indicatorId' AS indicator_id,
                                (a->>'value')::numeric AS value, r.period
                           FROM progress_report r, jsonb_array_elements(r.indicator_actuals) a
                          WHERE r.task_id = $1 AND r.status = ANY($2)
                          ORDER BY a->>'indicatorId', r.period DESC) a) AS actuals`,
        [taskId, COUNTED_REPORT_STATUSES],
      );
    const row = rows[0];
    return {
      completable: row?.completable ?? false,
      actuals: new Map((row?.actuals ?? []).map((a) => [a.indicator_id, { value: a.value, period: a.period }])),
    };
  }

  allowedActions(user: AuthUser, task: Task, completable: boolean): TaskAction[] {
    const relation = relationTo(user, task);
    return allowedTaskActions(task.status).filter((action) => {
      const workflowAction = USER_TASK_ACTIONS[action];
      if (action === 'complete' && !completable) return false;
      return workflowAction !== undefined && mayAct(user.role, relation, workflowAction);
    });
  }

  /**
   * Each task's latest report the reader may see: another department skips the lead's first
   * draft of a period, and sees a report being revised as it stood at its last submission.
   */
  private async latestReports(
    tx: EntityManager,
    user: AuthUser,
    taskIds: string[],
  ): Promise<Map<string, ReportSummaryView>> {
    if (!taskIds.length) return new Map();
    const visible = visibleRecordCondition(user, reportColumns('r', 't'), 2);
    const rows: {
      id: string;
      task_id: string;
      lead_department_id: string;
      period: string;
      status: ReportSummaryView['status'];
      revision: number;
      percent_complete: number;
      submitted_at: Date | null;
      last_decision: 'approve' | 'return' | null;
      last_percent: number | null;
      last_submitted_at: Date | null;
    }[] = await tx.query(
      `SELECT DISTINCT ON (r.task_id) r.id, r.task_id, t.lead_department_id, r.period, r.status, r.revision,
              r.percent_complete, r.submitted_at, v.decision AS last_decision,
              (v.content ->> 'percentComplete')::int AS last_percent, v.submitted_at AS last_submitted_at
         FROM progress_report r
         JOIN task t ON t.id = r.task_id
         LEFT JOIN progress_report_version v ON v.report_id = r.id AND v.revision = r.revision
        WHERE r.task_id = ANY($1) AND ${visible.sql}
        ORDER BY r.task_id, r.period DESC`,
      [taskIds, ...visible.params],
    );
    return new Map(
      rows.map((r) => {
        const access = recordAccess(user, {
          ownerDepartmentId: r.lead_department_id,
          status: r.status,
          submittedRevisions: r.revision,
        });
        const asSubmitted = access === 'last-submitted';
        const submittedAt = asSubmitted ? r.last_submitted_at : r.submitted_at;
        return [
          r.task_id,
          {
            id: r.id,
            period: r.period,
            status: asSubmitted ? lastSubmittedStatus(r.last_decision) : r.status,
            revision: r.revision,
            percentComplete: asSubmitted ? (r.last_percent ?? r.percent_complete) : r.percent_complete,
            submittedAt: submittedAt ? submittedAt.toISOString() : null,
          },
        ];
      }),
    );
  }
}
