import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Page, TaskRelation } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { SqlFilter } from '../../core/database/sql-params';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { isVisibleThroughTask, visibleTaskCondition } from '../tasks';

const newestFirstCursor = z.tuple([cursorKey.instant, cursorKey.uuid]);

/** The filters urges, directives and notices share. */
export interface SupervisionFilters {
  taskId?: string;
  department?: string;
  status?: 'open' | 'overdue' | 'answered';
}

/** How one kind of supervision record (an urge, a directive, a notice) is stored and shown. */
export interface SupervisionRecordKind<Row, View> {
  /** For 404s: "No such <noun>". */
  noun: string;
  /** The record's alias in `from`. */
  alias: string;
  /** The record joined to its task aliased `t`. */
  from: string;
  /** Further joins the columns read. */
  joins?: string;
  columns: string;
  /** The column lists are ordered by, newest first (with the id). */
  at: string;
  toView: (row: Row, today: string) => View;
  /** The view's value of `at`, for the next page's cursor. */
  atOf: (view: View) => string;
}

/**
 * Reading urges, directives and notices: one record (locked for a command), the caller's page of
 * them, and whether the caller sees one, each written once for the three kinds.
 */
export class SupervisionRecords<Row, View extends { id: string }> {
  constructor(private readonly kind: SupervisionRecordKind<Row, View>) {}

  /** The record's row; `lock` takes its row lock (not its task's). 404 when there is none. */
  async row(tx: EntityManager, id: string, lock = false): Promise<Row> {
    const { alias, from, joins, columns } = this.kind;
    const [row]: Row[] = await tx.query(
      `SELECT ${columns} FROM ${from} ${joins ?? ''} WHERE ${alias}.id = $1${lock ? ` FOR UPDATE OF ${alias}` : ''}`,
      [id],
    );
    if (!row) throw problems.notFound(this.kind.noun);
    return row;
  }

  async view(tx: EntityManager, id: string, today: string): Promise<View> {
    return this.kind.toView(await this.row(tx, id), today);
  }

  isVisible(tx: EntityManager, user: AuthUser, id: string): Promise<boolean> {
    return isVisibleThroughTask(tx, user, `${this.kind.from} WHERE ${this.kind.alias}.id = $1`, id);
  }

  /**
   * The records of the tasks the caller sees, narrowed by task, department and answer status; a
   * record is overdue from the day after its `respond_by` until it is answered.
   */
  filter(user: AuthUser, filters: SupervisionFilters, today: string): SqlFilter {
    const a = this.kind.alias;
    const filter = new SqlFilter();
    filter.and(visibleTaskCondition(user, 't', filter.nextParam));
    if (filters.taskId) filter.and(`${a}.task_id = ${filter.param(filters.taskId)}`);
    if (filters.department) filter.and(`${a}.department_id = ${filter.param(filters.department)}`);
    if (filters.status === 'answered') filter.and(`${a}.responded_at IS NOT NULL`);
    if (filters.status === 'open') {
      filter.and(`${a}.responded_at IS NULL AND ${a}.respond_by >= ${filter.param(today)}::date`);
    }
    if (filters.status === 'overdue') {
      filter.and(`${a}.responded_at IS NULL AND ${a}.respond_by < ${filter.param(today)}::date`);
    }
    return filter;
  }

  /** One page newest first (by `at`, then id) of what `filter` admits, with the next page's cursor. */
  async page(
    tx: EntityManager,
    filter: SqlFilter,
    page: { cursor?: string; limit: number },
    today: string,
  ): Promise<Page<View>> {
    const { alias, from, joins, columns, at } = this.kind;
    const cursor = decodeCursor(page.cursor, newestFirstCursor);
    if (cursor) {
      filter.after(
        [
          [at, cursor[0], 'timestamptz'],
          [`${alias}.id`, cursor[1], 'uuid'],
        ],
        'desc',
      );
    }
    const limit = filter.param(page.limit + 1);
    const rows: Row[] = await tx.query(
      `SELECT ${columns} FROM ${from} ${joins ?? ''}
        WHERE ${filter.sql} ORDER BY ${at} DESC, ${alias}.id DESC LIMIT ${limit}`,
      filter.params,
    );
    const items = rows.slice(0, page.limit).map((row) => this.kind.toView(row, today));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > page.limit && last ? encodeCursor([this.kind.atOf(last), last.id]) : null,
    };
  }
}

/** The department a record is addressed to acknowledges and answers it (as the task's lead would). */
export function addresseeRelation(actor: AuthUser, record: { department_id: string }): TaskRelation {
  return actor.departmentId !== null && actor.departmentId === record.department_id ? 'lead' : 'none';
}

/** 422 unless the answer is due today or later (the business day). */
export function assertRespondByAhead(respondBy: string, today: string): void {
  if (respondBy < today) {
    throw problems.unprocessable([{ field: 'respondBy', code: 'in_past', message: 'Must be today or later' }]);
  }
}
