import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Page } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { SqlFilter } from '../../core/database/sql-params';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { visibleTaskCondition } from '../tasks/task-visibility';

const newestFirstCursor = z.tuple([cursorKey.instant, cursorKey.uuid]);

/** The filters urges, directives and notices share, on a record aliased `alias` joined to its task `t`. */
export interface SupervisionFilters {
  taskId?: string;
  department?: string;
  status?: 'open' | 'overdue' | 'answered';
}

/**
 * The records of the tasks the caller sees, narrowed by task, department and answer status; a
 * record is overdue from the day after its `respond_by` until it is answered.
 */
export function supervisionFilter(
  user: AuthUser,
  alias: string,
  filters: SupervisionFilters,
  today: string,
): SqlFilter {
  const filter = new SqlFilter();
  filter.and(visibleTaskCondition(user, 't', filter.nextParam));
  if (filters.taskId) filter.and(`${alias}.task_id = ${filter.param(filters.taskId)}`);
  if (filters.department) filter.and(`${alias}.department_id = ${filter.param(filters.department)}`);
  if (filters.status === 'answered') filter.and(`${alias}.responded_at IS NOT NULL`);
  if (filters.status === 'open') {
    filter.and(`${alias}.responded_at IS NULL AND ${alias}.respond_by >= ${filter.param(today)}::date`);
  }
  if (filters.status === 'overdue') {
    filter.and(`${alias}.responded_at IS NULL AND ${alias}.respond_by < ${filter.param(today)}::date`);
  }
  return filter;
}

/** One page of a list newest first by (`at`, `id`), with the cursor of the page after it. */
export async function newestFirstPage<Row, View extends { id: string }>(
  tx: EntityManager,
  list: { select: string; from: string; at: string; id: string; filter: SqlFilter },
  page: { cursor?: string; limit: number },
  toView: (row: Row) => View,
  atOf: (view: View) => string,
): Promise<Page<View>> {
  const { filter } = list;
  const cursor = decodeCursor(page.cursor, newestFirstCursor);
  if (cursor) {
    filter.after(
      [
        [list.at, cursor[0], 'timestamptz'],
        [list.id, cursor[1], 'uuid'],
      ],
      'desc',
    );
  }
  const limit = filter.param(page.limit + 1);
  const rows: Row[] = await tx.query(
    `SELECT ${list.select} FROM ${list.from}
      WHERE ${filter.sql} ORDER BY ${list.at} DESC, ${list.id} DESC LIMIT ${limit}`,
    filter.params,
  );
  const items = rows.slice(0, page.limit).map(toView);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([atOf(last), last.id]) : null };
}
