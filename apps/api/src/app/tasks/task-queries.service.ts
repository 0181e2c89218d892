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
  type TaskAction,
  type TaskListItemView,
  type TaskView,
  RECEIPT_WORKFLOW_ACTIONS,
  CLOSE_OUT_WORKFLOW_ACTIONS,
  acceptBy,
  allowedCloseOutActions,
  allowedReceiptActions,
  allowedTaskActions,
  mayAct,
  receiptState,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { SqlFilter, containsPattern, textArray, wordList } from '../../core/database/sql-params';
import { KeysetSort, type SortColumn, sortColumn } from '../../core/http/keyset-sort';
import { isRecordId } from '../../core/access/resource-visibility.registry';
import { problems } from '../../core/problems/problem.exception';
import { CalendarService } from '../calendar';
import { Department } from '../departments';
import type { TableCell } from '../exports';
import { WorkItem } from '../reference';
import type { Task } from './task.entity';
import { USER_TASK_ACTIONS, relationTo } from './task-actions';
import { type TaskExportNames, taskExportRow } from './task-export';
import { selectBesideTask, selectTaskPage } from './task-rows';
import { TaskStatusRefresher } from './task-status-refresher.service';
import { toTaskListItem, toTaskView } from './task-views';
import { visibleTaskCondition } from './task-visibility';
import { CLOSE_OUT_COLUMN, type CloseOutJson, closeOutOf } from './close-out-records';
import { type LatestReportColumns, latestReportJoin, latestReportOf } from './latest-report';

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

/**
 * What the detail shows beside the task row, read in the same statement (`detailFacts`): the latest
 * report, whether the task may be completed (an approved final report at 100 %), the latest actual
 * of each indicator from its counted (submitted or approved) reports, and the latest close-out.
 */
interface DetailFacts extends LatestReportColumns {
  completable: boolean;
  actuals: { indicator_id: string; value: number; period: string }[];
  close_out: CloseOutJson | null;
  /** The stale-status probe's answer, when the read asked it. */
  probe?: boolean;
}

const REPORT_FACTS = `EXISTS (SELECT 1 FROM progress_report f WHERE f.task_id = t.id AND f.status = 'approved' AND f.final
                              AND f.percent_complete = 100) AS completable,
    (SELECT COALESCE(json_agg(json_build_object('indicator_id', a.indicator_id, 'value', a.value, 'period', a.period)), '[]')
       FROM (SELECT DISTINCT ON (a->>'indicatorId') a->>'indicatorId' AS indicator_id,
                    (a->>'value')::numeric AS value, x.period
               FROM progress_report x, jsonb_array_elements(x.indicator_actuals) a
              WHERE x.task_id = t.id AND x.status IN (${wordList(COUNTED_REPORT_STATUSES)})
              ORDER BY a->>'indicatorId', x.period DESC) a) AS actuals`;

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
    // One statement: the page, its latest reports and the stale-status probe. Were some status
    // stale (once a day), the page may show it: recompute and read the page again.
    return this.unitOfWork.read(async (db) => {
      const { rows } = await this.refresher.readFresh(db, (staleOn) =>
        this.listPage(db, user, query, sort, after, query.limit + 1, staleOn),
      );
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
      const batch: ListRow[] = await this.unitOfWork.run(
        async (tx) => (await this.listPage(tx, user, query, sort, from, EXPORT_BATCH, null)).rows,
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
    // One statement with the stale-status probe (as the list): recounted after a recomputation.
    return this.unitOfWork.read(async (db) => {
      const { groups } = await this.refresher.readFresh(db, (staleOn) => this.countGroups(db, user, query, staleOn));
      const totals: TaskTotalsView = {
        total: 0,
        rag: { red: 0, amber: 0, green: 0, none: 0 },
        status: Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>,
        overdue: 0,
      };
      for (const row of groups) {
        totals.total += row.count;
        totals.rag[row.rag ?? 'none'] += row.count;
        totals.status[row.status] += row.count;
        if (row.overdue) totals.overdue += row.count;
      }
      return totals;
    });
  }

  /** The totals' groups, and (asked for `staleOn`) the probe's answer: one row of NULLs when nothing matches. */
  private async countGroups(
    db: EntityManager,
    user: AuthUser,
    query: TaskTotalsQuery,
    staleOn: string | null,
  ): Promise<{ groups: { status: TaskStatus; rag: Rag | null; overdue: boolean; count: number }[]; stale: boolean }> {
    const filter = taskFilter(user, query);
    const where = filter.sql;
    const probe = staleOn === null ? 'FALSE' : this.refresher.staleColumn(filter.param(staleOn));
    const rows: {
      status: TaskStatus | null;
      rag: Rag | null;
      overdue: boolean;
      count: number | null;
      probe: boolean;
    }[] = await db.query(
      `SELECT g.*, probe.answer AS probe
           FROM (SELECT ${probe} AS answer) probe
           LEFT JOIN (SELECT t.status, t.rag, t.overdue, count(*)::int AS count FROM task t WHERE ${where}
                       GROUP BY t.status, t.rag, t.overdue) g ON true`,
      filter.params,
    );
    return {
      stale: rows[0]?.probe ?? false,
      groups: rows.flatMap((row) =>
        row.status === null || row.count === null
          ? []
          : [{ status: row.status, rag: row.rag, overdue: row.overdue, count: row.count }],
      ),
    };
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

  /**
   * Up to `limit` tasks after `after` in `sort`'s order, each with its cursor position and its
   * latest report, and, asked for `staleOn` (today), whether some open task's status is stale:
   * one statement.
   */
  private async listPage(
    db: EntityManager,
    user: AuthUser,
    query: ListTasksQuery,
    sort: KeysetSort<TaskSortKey>,
    after: readonly [string | number, string] | null | undefined,
    limit: number,
    staleOn: string | null,
  ): Promise<{ rows: ListRow[]; stale: boolean }> {
    const filter = taskFilter(user, query);
    sort.after(filter, after);
    const where = filter.sql;
    const limitParam = filter.param(limit);
    const latest = filter.fragment(latestReportJoin(user, filter.nextParam));
    const probe = staleOn === null ? 'FALSE' : this.refresher.staleColumn(filter.param(staleOn));
    // The page's tasks with their co-owners (ix_task_due_date_id serves the default order), their
    // latest reports as a LATERAL join on the page's rows alone, and the probe as an InitPlan.
    const page = await selectTaskPage<LatestReportColumns>(db, {
      where,
      params: filter.params,
      limit: limitParam,
      orderBy: sort.orderBy,
      sortValue: sort.valueSql,
      outerOrderBy: sort.orderByOutput('t.sort_value', 't.id'),
      beside: { columns: 'lr.*', joins: latest },
      probe,
    });
    return {
      stale: page.probe,
      rows: page.rows.map(({ task, sortValue, extra }) => ({
        item: toTaskListItem(task, latestReportOf(user, task.leadDepartmentId, extra)),
        position: sort.position(sortValue, task.id),
      })),
    };
  }

  /**
   * The detail of task `id` as `user` sees it, 404 when they may not: one statement that also asks
   * the stale-status probe, and is the visibility check too (the route's guard leaves it to this
   * read, `checkedByRead`). Were some status stale (once a day), it recomputes and reads again.
   */
  async get(user: AuthUser, id: string): Promise<TaskView> {
    if (!isRecordId(id)) throw problems.notFound('task');
    return this.unitOfWork.read(async (db) => {
      const { view } = await this.refresher.readFresh(db, async (staleOn) => {
        const read = await this.detail(db, user, id, { visibleOnly: true, staleOn });
        if (!read) throw problems.notFound('task');
        return read;
      });
      return view;
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

  /** The detail of task `id` as `user` sees it (a command's answer: no visibility check, no probe). */
  async view(tx: EntityManager, user: AuthUser, id: string): Promise<TaskView> {
    const read = await this.detail(tx, user, id, { visibleOnly: false, staleOn: null });
    if (!read) throw problems.notFound('task');
    return read.view;
  }

  /** The detail of a task already loaded (with its plan), as `user` sees it: what it shows beside the task in one statement. */
  async viewOf(tx: EntityManager, user: AuthUser, task: Task): Promise<TaskView> {
    const filter = new SqlFilter();
    filter.and(`t.id = ${filter.param(task.id)}`);
    const [row] = await selectBesideTask<DetailFacts>(tx, {
      where: filter.sql,
      beside: this.detailFacts(user, filter, null),
      params: filter.params,
      withTask: false,
    });
    if (!row) throw problems.notFound('task');
    return this.viewFrom(tx, user, task, row.extra);
  }

  /**
   * Task `id` with everything its detail shows, in one statement: only if `user` may see it when
   * `visibleOnly`, with the stale-status probe's answer when asked for `staleOn` (today). Null: no
   * such task (or not one `user` may see).
   */
  private async detail(
    db: EntityManager,
    user: AuthUser,
    id: string,
    options: { visibleOnly: boolean; staleOn: string | null },
  ): Promise<{ view: TaskView; stale: boolean } | null> {
    const filter = new SqlFilter();
    filter.and(`t.id = ${filter.param(id)}::uuid`);
    if (options.visibleOnly) filter.and(visibleTaskCondition(user, 't', filter.nextParam));
    const where = filter.sql;
    const beside = this.detailFacts(user, filter, options.staleOn);
    const [row] = await selectBesideTask<DetailFacts>(db, { where, beside, params: filter.params, withTask: true });
    if (!row?.task) return null;
    return { view: await this.viewFrom(db, user, row.task, row.extra), stale: row.extra.probe ?? false };
  }

  /** The columns (and the join) of `DetailFacts`, their parameters taken into `filter`. */
  private detailFacts(user: AuthUser, filter: SqlFilter, staleOn: string | null) {
    const joins = filter.fragment(latestReportJoin(user, filter.nextParam));
    const probe = staleOn === null ? '' : `, ${this.refresher.staleColumn(filter.param(staleOn))} AS probe`;
    return { columns: `lr.*, ${REPORT_FACTS}, ${CLOSE_OUT_COLUMN}${probe}`, joins };
  }

  /** The detail of `task` from what its read found beside it. */
  private async viewFrom(db: EntityManager, user: AuthUser, task: Task, facts: DetailFacts): Promise<TaskView> {
    const actuals = new Map(facts.actuals.map((a) => [a.indicator_id, { value: a.value, period: a.period }]));
    const closeOut = closeOutOf(facts.close_out);
    const closeOutActions = allowedCloseOutActions(task.status, closeOut);
    const signable = facts.completable && closeOutActions.includes('sign');
    const latest = latestReportOf(user, task.leadDepartmentId, facts);
    const view = toTaskView(task, latest, actuals, this.allowedActions(user, task, signable), {
      // 签收: the deadline is read from the working-day calendar only while the receipt is pending.
      acceptBy:
        receiptState(task) === 'pending' && task.receiptOpenedAt
          ? acceptBy(
              task.receiptOpenedAt,
              this.config.acceptWorkingDays,
              await this.calendar.load(db),
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

  allowedActions(user: AuthUser, task: Task, completable: boolean): TaskAction[] {
    const relation = relationTo(user, task);
    return allowedTaskActions(task.status).filter((action) => {
      const workflowAction = USER_TASK_ACTIONS[action];
      if (action === 'complete' && !completable) return false;
      return workflowAction !== undefined && mayAct(user.role, relation, workflowAction);
    });
  }
}
