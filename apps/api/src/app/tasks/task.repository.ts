import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type TaskStatus, transitionTask } from '@zibo/domain';
import { problems } from '../../core/problems/problem.exception';
import type { Indicator, Milestone, Task } from './task.entity';
import { selectTaskForUpdate } from './task-rows';
import { TaskStatusRefresher } from './task-status-refresher.service';

/** The status moves a user asks for (`start` is the first submitted report's, through `start`). */
export type TaskCommandAction = 'assign' | 'complete' | 'cancel';

/** An approved amendment's changes, each with the value it was proposed against. */
export interface ApprovedPlanChange {
  dueDate?: { before: string; after: string };
  leadDepartmentId?: { before: string; after: string };
  indicatorTargets?: { indicatorId: string; before: number; after: number }[];
  milestoneDates?: { milestoneId: string; before: string; after: string }[];
}

/** A draft's new plan: the task's columns, and each child list when it is replaced. */
export interface DraftPlanEdit {
  columns: Pick<
    Task,
    'title' | 'description' | 'workItemCode' | 'reportingCycle' | 'leadDepartmentId' | 'startDate' | 'dueDate'
  >;
  coDepartmentIds?: string[];
  milestones?: (Pick<Milestone, 'title' | 'plannedDate' | 'doneDate'> & { id?: string })[];
  indicators?: (Pick<Indicator, 'name' | 'unit' | 'baseline' | 'target' | 'direction'> & { id?: string })[];
}

/** What may change after assignment without an amendment. */
export interface AssignedEdit {
  title?: string;
  description?: string;
  coDepartmentIds?: string[];
  milestones?: { id: string; title?: string; doneDate?: string | null }[];
  indicatorNames?: { id: string; name: string }[];
}

// What `UPDATE … RETURNING version, updated_at` gives through TypeORM: the rows and their count.
type Updated = [{ version: number; updated_at: Date }[], number];

export type ReceiptChange =
  | { action: 'accept'; at: Date; byId: string }
  | { action: 'decline'; at: Date; byId: string; reason: string }
  | { action: 'insist'; at: Date; byId: string; comment: string };

/**
 * The owner of the task aggregate: the one place that writes the task table and its children.
 * A command locks and loads the task once (`lock`), then asks for named changes; each writes its
 * rows and keeps the loaded aggregate equal to them, so the command builds its answer from it
 * without reading the task again. Status moves go through the domain's `transitionTask`.
 */
@Injectable()
export class TaskRepository {
  constructor(private readonly refresher: TaskStatusRefresher) {}

  /** Locks the task row and reads the aggregate in one statement; 404 if there is none. */
  async lock(tx: EntityManager, id: string, withPlan = true): Promise<Task> {
    const task = await selectTaskForUpdate(tx, id, withPlan);
    if (!task) throw problems.notFound('task');
    return task;
  }

  /**
   * A user's status move: 409 unless the state machine allows it, then `prepare` (which sets the
   * lifecycle fields of the move on the task, or refuses it), then the row with a new version and
   * the recomputed status. Returns the status it left and what `prepare` returned.
   */
  async transition<T>(
    tx: EntityManager,
    task: Task,
    action: TaskCommandAction,
    prepare: () => Promise<T>,
  ): Promise<{ from: TaskStatus; prepared: T }> {
    const result = transitionTask(task.status, action);
    if (!result.ok) {
      throw problems.conflict(
        `A ${task.status} task cannot be ${action}ed.`,
        result.allowed.filter((a) => a !== 'start'),
      );
    }
    const from = task.status;
    const prepared = await prepare();
    task.status = result.to;
    const [rows]: Updated = await tx.query(
      `UPDATE task SET status = $2, assigned_at = $3, receipt_opened_at = $4, baseline_due_date = $5, closed_at = $6,
              cancel_reason = $7, version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING version, updated_at`,
      [
        task.id,
        task.status,
        task.assignedAt,
        task.receiptOpenedAt,
        task.baselineDueDate,
        task.closedAt,
        task.cancelReason,
      ],
    );
    this.stamp(task, rows);
    await this.refreshStatus(tx, task);
    return { from, prepared };
  }

  /**
   * The first submitted report starts an assigned task (the state machine's `start`); the row is
   * locked by the caller. Returns the status it left, or null when the task was already started.
   */
  async start(tx: EntityManager, task: Task): Promise<TaskStatus | null> {
    const result = transitionTask(task.status, 'start');
    if (!result.ok) return null;
    const from = task.status;
    const [rows]: Updated = await tx.query(
      'UPDATE task SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version, updated_at',
      [task.id, result.to],
    );
    task.status = result.to;
    this.stamp(task, rows);
    return from;
  }

  /** On assignment the plan as it stands becomes the baseline amendments are measured against. */
  async fixBaseline(tx: EntityManager, task: Task): Promise<void> {
    task.baselineDueDate = task.dueDate;
    await tx.query('UPDATE milestone SET baseline_planned_date = planned_date WHERE task_id = $1', [task.id]);
    await tx.query('UPDATE indicator SET baseline_target = target WHERE task_id = $1', [task.id]);
    for (const m of task.milestones) m.baselinePlannedDate = m.plannedDate;
    for (const i of task.indicators) i.baselineTarget = i.target;
  }

  /** A draft's plan as a whole (checked by the caller); the replaced children get new rows. */
  async editDraft(tx: EntityManager, task: Task, edit: DraftPlanEdit): Promise<void> {
    const c = edit.columns;
    await tx.query(
      `UPDATE task SET title = $2, description = $3, work_item_code = $4, reporting_cycle = $5,
              lead_department_id = $6, start_date = $7, due_date = $8
        WHERE id = $1`,
      [task.id, c.title, c.description, c.workItemCode, c.reportingCycle, c.leadDepartmentId, c.startDate, c.dueDate],
    );
    Object.assign(task, c);
    if (edit.coDepartmentIds) await this.replaceCoDepartments(tx, task, edit.coDepartmentIds);
    if (edit.milestones) {
      await tx.query('DELETE FROM milestone WHERE task_id = $1', [task.id]);
      task.milestones = await tx.query(
        `INSERT INTO milestone (id, task_id, position, title, planned_date, done_date)
         SELECT COALESCE(x.id, gen_random_uuid()), $1, x.position, x.title, x.planned_date, x.done_date
           FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, position int, title text, planned_date date, done_date date)
         RETURNING id, task_id AS "taskId", position, title, planned_date AS "plannedDate",
                   baseline_planned_date AS "baselinePlannedDate", done_date AS "doneDate"`,
        [
          task.id,
          JSON.stringify(
            edit.milestones.map((m, position) => ({
              id: m.id ?? null,
              position,
              title: m.title,
              planned_date: m.plannedDate,
              done_date: m.doneDate,
            })),
          ),
        ],
      );
    }
    if (edit.indicators) {
      await tx.query('DELETE FROM indicator WHERE task_id = $1', [task.id]);
      task.indicators = await tx.query(
        `INSERT INTO indicator (id, task_id, position, name, unit, baseline, target, direction)
         SELECT COALESCE(x.id, gen_random_uuid()), $1, x.position, x.name, x.unit, x.baseline, x.target, x.direction
           FROM jsonb_to_recordset($2::jsonb)
                AS x(id uuid, position int, name text, unit text, baseline numeric, target numeric, direction text)
         RETURNING id, task_id AS "taskId", position, name, unit, baseline, target,
                   baseline_target AS "baselineTarget", direction`,
        [
          task.id,
          JSON.stringify(
            edit.indicators.map((i, position) => ({
              id: i.id ?? null,
              position,
              name: i.name,
              unit: i.unit,
              baseline: i.baseline,
              target: i.target,
              direction: i.direction,
            })),
          ),
        ],
      );
    }
  }

  /** After assignment: the fields that are not the plan (checked by the caller). */
  async editAssigned(tx: EntityManager, task: Task, edit: AssignedEdit): Promise<void> {
    task.title = edit.title ?? task.title;
    task.description = edit.description ?? task.description;
    await tx.query('UPDATE task SET title = $2, description = $3 WHERE id = $1', [
      task.id,
      task.title,
      task.description,
    ]);
    if (edit.coDepartmentIds) await this.replaceCoDepartments(tx, task, edit.coDepartmentIds);
    for (const change of edit.milestones ?? []) {
      const current = task.milestones.find((m) => m.id === change.id);
      if (!current) continue;
      current.title = change.title ?? current.title;
      if (change.doneDate !== undefined) current.doneDate = change.doneDate;
      await tx.query('UPDATE milestone SET title = $2, done_date = $3 WHERE id = $1', [
        current.id,
        current.title,
        current.doneDate,
      ]);
    }
    for (const change of edit.indicatorNames ?? []) {
      const current = task.indicators.find((i) => i.id === change.id);
      if (!current) continue;
      current.name = change.name;
      await tx.query('UPDATE indicator SET name = $2 WHERE id = $1', [current.id, change.name]);
    }
  }

  /**
   * An approved amendment: 409 if the plan moved since it was proposed. A new lead department
   * receives the task afresh (签收): its own receipt window opens `now`. New version, new status.
   */
  async applyPlanChange(tx: EntityManager, task: Task, changes: ApprovedPlanChange, now: Date): Promise<void> {
    const stale = () => problems.conflict('The plan changed since this amendment was proposed; propose it again.', []);
    if (changes.dueDate) {
      if (task.dueDate !== changes.dueDate.before) throw stale();
      await tx.query('UPDATE task SET due_date = $2 WHERE id = $1', [task.id, changes.dueDate.after]);
      task.dueDate = changes.dueDate.after;
    }
    if (changes.leadDepartmentId) {
      if (task.leadDepartmentId !== changes.leadDepartmentId.before) throw stale();
      await tx.query(
        `UPDATE task SET lead_department_id = $2, receipt_opened_at = $3,
                accepted_at = NULL, accepted_by_id = NULL, declined_at = NULL, declined_by_id = NULL,
                decline_reason = NULL, insisted_at = NULL, insisted_by_id = NULL, insist_comment = NULL
          WHERE id = $1`,
        [task.id, changes.leadDepartmentId.after, now],
      );
      Object.assign(task, {
        leadDepartmentId: changes.leadDepartmentId.after,
        receiptOpenedAt: now,
        acceptedAt: null,
        acceptedById: null,
        declinedAt: null,
        declinedById: null,
        declineReason: null,
        insistedAt: null,
        insistedById: null,
        insistComment: null,
      });
    }
    for (const change of changes.indicatorTargets ?? []) {
      const indicator = task.indicators.find((i) => i.id === change.indicatorId);
      if (!indicator || indicator.target !== change.before) throw stale();
      await tx.query('UPDATE indicator SET target = $2 WHERE id = $1', [change.indicatorId, change.after]);
      indicator.target = change.after;
    }
    for (const change of changes.milestoneDates ?? []) {
      const milestone = task.milestones.find((m) => m.id === change.milestoneId);
      if (!milestone || milestone.plannedDate !== change.before) throw stale();
      await tx.query('UPDATE milestone SET planned_date = $2 WHERE id = $1', [change.milestoneId, change.after]);
      milestone.plannedDate = change.after;
    }
    await this.bumpVersion(tx, task);
    await this.refreshStatus(tx, task);
  }

  /** 签收: accepted, declined with a reason (退办), or insisted on by the committee (a new window). */
  async recordReceipt(tx: EntityManager, task: Task, change: ReceiptChange): Promise<void> {
    if (change.action === 'accept') {
      await tx.query('UPDATE task SET accepted_at = $2, accepted_by_id = $3 WHERE id = $1', [
        task.id,
        change.at,
        change.byId,
      ]);
      Object.assign(task, { acceptedAt: change.at, acceptedById: change.byId });
    } else if (change.action === 'decline') {
      await tx.query('UPDATE task SET declined_at = $2, declined_by_id = $3, decline_reason = $4 WHERE id = $1', [
        task.id,
        change.at,
        change.byId,
        change.reason,
      ]);
      Object.assign(task, { declinedAt: change.at, declinedById: change.byId, declineReason: change.reason });
    } else {
      // The receipt window opens again: the lead department accepts within the limit, or is urged.
      await tx.query(
        `UPDATE task SET insisted_at = $2, insisted_by_id = $3, insist_comment = $4, receipt_opened_at = $2 WHERE id = $1`,
        [task.id, change.at, change.byId, change.comment],
      );
      Object.assign(task, {
        insistedAt: change.at,
        insistedById: change.byId,
        insistComment: change.comment,
        receiptOpenedAt: change.at,
      });
    }
    await this.bumpVersion(tx, task);
  }

  /** One version step per accepted change, also when only child rows changed. */
  async bumpVersion(tx: EntityManager, task: Task): Promise<void> {
    const [rows]: Updated = await tx.query(
      'UPDATE task SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version, updated_at',
      [task.id],
    );
    this.stamp(task, rows);
  }

  /** Recomputes the stored RAG, overdue flag and percent, and keeps the loaded task equal to them. */
  async refreshStatus(tx: EntityManager, task: Task): Promise<void> {
    const [computed] = await this.refresher.refresh(tx, [task.id]);
    if (computed) Object.assign(task, computed);
  }

  private async replaceCoDepartments(tx: EntityManager, task: Task, departmentIds: string[]): Promise<void> {
    await tx.query('DELETE FROM task_co_department WHERE task_id = $1', [task.id]);
    if (departmentIds.length) {
      await tx.query('INSERT INTO task_co_department (task_id, department_id) SELECT $1, d FROM unnest($2::uuid[]) d', [
        task.id,
        departmentIds,
      ]);
    }
    task.coDepartments = [...departmentIds].sort().map((departmentId) => ({ taskId: task.id, departmentId }));
  }

  private stamp(task: Task, rows: { version: number; updated_at: Date }[]): void {
    const row = rows[0];
    if (!row) throw problems.notFound('task');
    task.version = row.version;
    task.updatedAt = row.updated_at;
  }
}
