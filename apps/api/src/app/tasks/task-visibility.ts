import type { EntityManager } from 'typeorm';
import { hasPermission } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import type { SqlCondition } from './record-visibility';

/**
 * The SQL condition for "tasks this user may see", on a `task` row aliased `alias`, with its
 * parameters starting at `$<firstParam>`. One definition for lists, details, dashboards, history
 * and attachments: department roles see only non-draft tasks their department leads or co-owns.
 */
export function visibleTaskCondition(
  user: AuthUser,
  alias: string,
  firstParam: number,
): { sql: string; params: unknown[] } {
  if (hasPermission(user.role, 'tasks:read-all')) return { sql: 'TRUE', params: [] };
  if (!hasPermission(user.role, 'tasks:read-own-department') || !user.departmentId) {
    return { sql: 'FALSE', params: [] };
  }
  const p = `$${firstParam}`;
  return {
    sql: `(${alias}.status <> 'draft' AND (${alias}.lead_department_id = ${p} OR EXISTS (
            SELECT 1 FROM task_co_department co WHERE co.task_id = ${alias}.id AND co.department_id = ${p})))`,
    params: [user.departmentId],
  };
}

/**
 * Whether a record that belongs to a task is visible: when its task is and, for a department's
 * record, when `record` (from record-visibility.ts, given its first parameter number) admits it.
 * `fromSql` joins the record (matched by `$1`) to its task aliased `t`, e.g. `progress_report r
 * JOIN task t ON t.id = r.task_id WHERE r.id = $1`.
 */
export async function isVisibleThroughTask(
  tx: EntityManager,
  user: AuthUser,
  fromSql: string,
  id: string,
  record?: (firstParam: number) => SqlCondition,
): Promise<boolean> {
  const visible = visibleTaskCondition(user, 't', 2);
  const own = record?.(2 + visible.params.length) ?? { sql: 'TRUE', params: [] };
  const rows: unknown[] = await tx.query(`SELECT 1 FROM ${fromSql} AND ${visible.sql} AND ${own.sql}`, [
    id,
    ...visible.params,
    ...own.params,
  ]);
  return rows.length > 0;
}
