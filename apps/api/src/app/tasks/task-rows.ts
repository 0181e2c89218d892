import type { EntityManager } from 'typeorm';
import type { Indicator, Milestone, Task } from './task.entity';

/*
 * A task aggregate read in one statement: its row, and its co-owners, milestones and indicators as
 * arrays beside it. Joining the three child tables would multiply rows (co-owners × milestones ×
 * indicators) for the ORM to fold back; this returns one row per task.
 */

export interface TaskRow {
  id: string;
  work_item_code: string;
  title: string;
  description: string;
  lead_department_id: string;
  start_date: string | null;
  due_date: string;
  baseline_due_date: string | null;
  reporting_cycle: Task['reportingCycle'];
  status: Task['status'];
  assigned_at: Date | null;
  closed_at: Date | null;
  cancel_reason: string | null;
  receipt_opened_at: Date | null;
  accepted_at: Date | null;
  accepted_by_id: string | null;
  declined_at: Date | null;
  declined_by_id: string | null;
  decline_reason: string | null;
  insisted_at: Date | null;
  insisted_by_id: string | null;
  insist_comment: string | null;
  rag: Task['rag'];
  rag_reasons: Task['ragReasons'];
  overdue: boolean;
  percent_complete: number;
  expected_percent: number | null;
  rag_computed_on: string | null;
  created_by_id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  co_department_ids: string[];
  milestones?: Milestone[] | null;
  indicators?: Indicator[] | null;
}

const MILESTONES = `(SELECT COALESCE(json_agg(json_build_object('id', m.id, 'taskId', m.task_id, 'position', m.position,
    'title', m.title, 'plannedDate', m.planned_date, 'baselinePlannedDate', m.baseline_planned_date,
    'doneDate', m.done_date) ORDER BY m.position), '[]') FROM milestone m WHERE m.task_id = t.id) AS milestones`;
const INDICATORS = `(SELECT COALESCE(json_agg(json_build_object('id', i.id, 'taskId', i.task_id, 'position', i.position,
    'name', i.name, 'unit', i.unit, 'baseline', i.baseline, 'target', i.target, 'baselineTarget', i.baseline_target,
    'direction', i.direction) ORDER BY i.position), '[]') FROM indicator i WHERE i.task_id = t.id) AS indicators`;
const CO_DEPARTMENTS = `ARRAY(SELECT co.department_id FROM task_co_department co WHERE co.task_id = t.id
    ORDER BY co.department_id) AS co_department_ids`;

/** The entity's columns (its relations are loaded as the arrays above, or not at all). */
type TaskColumns = Omit<Task, 'leadDepartment'>;

/**
 * The task as the entity shape the views and services work with. Typed against every column of the
 * entity, so a column added to it does not compile until it is read here too.
 */
export function taskFromRow(row: TaskRow): Task {
  const task: TaskColumns = {
    id: row.id,
    workItemCode: row.work_item_code,
    title: row.title,
    description: row.description,
    leadDepartmentId: row.lead_department_id,
    coDepartments: row.co_department_ids.map((departmentId) => ({ taskId: row.id, departmentId })),
    startDate: row.start_date,
    dueDate: row.due_date,
    baselineDueDate: row.baseline_due_date,
    reportingCycle: row.reporting_cycle,
    status: row.status,
    assignedAt: row.assigned_at,
    closedAt: row.closed_at,
    cancelReason: row.cancel_reason,
    receiptOpenedAt: row.receipt_opened_at,
    acceptedAt: row.accepted_at,
    acceptedById: row.accepted_by_id,
    declinedAt: row.declined_at,
    declinedById: row.declined_by_id,
    declineReason: row.decline_reason,
    insistedAt: row.insisted_at,
    insistedById: row.insisted_by_id,
    insistComment: row.insist_comment,
    rag: row.rag,
    ragReasons: row.rag_reasons,
    overdue: row.overdue,
    percentComplete: row.percent_complete,
    expectedPercent: row.expected_percent,
    ragComputedOn: row.rag_computed_on,
    createdById: row.created_by_id,
    milestones: row.milestones ?? [],
    indicators: row.indicators ?? [],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  return task;
}

/**
 * Locks task `id` (one writer at a time per task) and reads its aggregate in the same statement:
 * co-owners always, milestones and indicators when `withPlan`. Null when there is no such task.
 */
export async function selectTaskForUpdate(db: EntityManager, id: string, withPlan: boolean): Promise<Task | null> {
  const rows: TaskRow[] = await db.query(
    `SELECT t.*, ${CO_DEPARTMENTS}${withPlan ? `, ${MILESTONES}, ${INDICATORS}` : ''}
       FROM task t WHERE t.id = $1 FOR UPDATE OF t`,
    [id],
  );
  return rows[0] ? taskFromRow(rows[0]) : null;
}

/** What a read selects beside the task: columns, and the joins on `t` they come from. */
export interface Beside {
  columns: string;
  joins: string;
}

/**
 * A page of tasks with their co-owners in `orderBy`, each with the value of `sortValue` (its cursor
 * position) and the columns `beside` joins to each task of the page, and the answer of `probe` (a
 * boolean expression asked once, such as "is any status stale?"): one statement, one row of NULLs
 * for an empty page so the probe is answered all the same. `where` on `t` with `params`, the page
 * size the parameter `limit` (the caller asks for one more than it shows). The lead department is
 * joined as `ld` for the order by its code (the join is dropped by the planner when nothing reads
 * it); the page is read first, in `orderBy`, so `beside` is joined to its rows alone, and the
 * result comes back in `outerOrderBy`, the same order on the page's `sort_value` and `id`.
 */
export async function selectTaskPage<Extra extends object>(
  db: EntityManager,
  page: {
    where: string;
    params: unknown[];
    limit: string;
    orderBy: string;
    sortValue: string;
    outerOrderBy: string;
    beside: Beside;
    probe: string;
  },
): Promise<{ probe: boolean; rows: { task: Task; sortValue: string | number | Date; extra: Extra }[] }> {
  const rows: (TaskRow & Extra & { sort_value: string | number | Date; probe: boolean })[] = await db.query(
    `SELECT t.*, ${page.beside.columns}, probe.answer AS probe
       FROM (SELECT ${page.probe} AS answer) probe
       LEFT JOIN (SELECT t.*, ${CO_DEPARTMENTS}, ${page.sortValue} AS sort_value
                    FROM task t LEFT JOIN department ld ON ld.id = t.lead_department_id
                   WHERE ${page.where} ORDER BY ${page.orderBy} LIMIT ${page.limit}) t ON true
       ${page.beside.joins}
      ORDER BY ${page.outerOrderBy}`,
    page.params,
  );
  return {
    probe: rows[0]?.probe ?? false,
    rows: rows
      .filter((row) => row.id !== null)
      .map((row) => ({ task: taskFromRow(row), sortValue: row.sort_value, extra: row })),
  };
}

/**
 * Task rows matching `where` (on `t`, with `params`) with the columns `beside` joins to them: with
 * the whole aggregate (co-owners, milestones, indicators) when `withTask`, or `beside` alone (for a
 * task the caller holds already). One statement.
 */
export async function selectBesideTask<Extra extends object>(
  db: EntityManager,
  read: { where: string; params: unknown[]; beside: Beside; withTask: boolean },
): Promise<{ task: Task | null; extra: Extra }[]> {
  const rows: (TaskRow & Extra)[] = await db.query(
    `SELECT ${read.withTask ? `t.*, ${CO_DEPARTMENTS}, ${MILESTONES}, ${INDICATORS}, ` : ''}${read.beside.columns}
       FROM task t ${read.beside.joins}
      WHERE ${read.where}`,
    read.params,
  );
  return rows.map((row) => ({ task: read.withTask ? taskFromRow(row) : null, extra: row }));
}

/** A new task row and its children, inserted in one statement and returned as the aggregate. */
export async function insertTaskRows(
  db: EntityManager,
  task: Pick<
    Task,
    | 'workItemCode'
    | 'title'
    | 'description'
    | 'leadDepartmentId'
    | 'startDate'
    | 'dueDate'
    | 'reportingCycle'
    | 'createdById'
  >,
  coDepartmentIds: string[],
  milestones: { title: string; plannedDate: string }[],
  indicators: Pick<Indicator, 'name' | 'unit' | 'baseline' | 'target' | 'direction'>[],
): Promise<Task> {
  const rows: TaskRow[] = await db.query(
    `WITH t AS (
       INSERT INTO task (work_item_code, title, description, lead_department_id, start_date, due_date,
                         reporting_cycle, status, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8) RETURNING *),
     co AS (INSERT INTO task_co_department (task_id, department_id) SELECT t.id, d FROM t, unnest($9::uuid[]) d),
     m AS (INSERT INTO milestone (task_id, position, title, planned_date)
           SELECT t.id, x.position, x.title, x.planned_date
             FROM t, jsonb_to_recordset($10::jsonb) AS x(position int, title text, planned_date date)
           RETURNING *),
     i AS (INSERT INTO indicator (task_id, position, name, unit, baseline, target, direction)
           SELECT t.id, x.position, x.name, x.unit, x.baseline, x.target, x.direction
             FROM t, jsonb_to_recordset($11::jsonb)
                  AS x(position int, name text, unit text, baseline numeric, target numeric, direction text)
           RETURNING *)
     SELECT t.*, $9::uuid[] AS co_department_ids,
            (SELECT COALESCE(json_agg(json_build_object('id', m.id, 'taskId', m.task_id, 'position', m.position,
               'title', m.title, 'plannedDate', m.planned_date, 'baselinePlannedDate', m.baseline_planned_date,
               'doneDate', m.done_date) ORDER BY m.position), '[]') FROM m) AS milestones,
            (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'taskId', i.task_id, 'position', i.position,
               'name', i.name, 'unit', i.unit, 'baseline', i.baseline, 'target', i.target,
               'baselineTarget', i.baseline_target, 'direction', i.direction) ORDER BY i.position), '[]') FROM i)
              AS indicators
       FROM t`,
    [
      task.workItemCode,
      task.title,
      task.description,
      task.leadDepartmentId,
      task.startDate,
      task.dueDate,
      task.reportingCycle,
      task.createdById,
      coDepartmentIds,
      JSON.stringify(milestones.map((m, position) => ({ position, title: m.title, planned_date: m.plannedDate }))),
      JSON.stringify(indicators.map((i, position) => ({ position, ...i }))),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('task insert returned nothing');
  return taskFromRow(row);
}
