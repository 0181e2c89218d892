import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { z } from 'zod';
import {
  COUNTED_REPORT_STATUSES,
  type CreateTaskInput,
  type FieldError,
  type ListTasksQuery,
  type Page,
  type ReportSummaryView,
  type TaskAction,
  type TaskListItemView,
  type TaskView,
  type UpdateTaskInput,
  RECEIPT_WORKFLOW_ACTIONS,
  CLOSE_OUT_WORKFLOW_ACTIONS,
  acceptBy,
  allowedCloseOutActions,
  allowedReceiptActions,
  allowedTaskActions,
  receiptState,
  cancelTaskSchema,
  checkAssignedTaskChanges,
  checkTaskPlan,
  createTaskSchema,
  emptyActionSchema,
  lastSubmittedStatus,
  mayAct,
  recordAccess,
  taskEditPolicy,
  taskRelation,
  transitionTask,
  updateTaskSchema,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { CalendarService } from '../calendar';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit/audit-writer.service';
import { changedFields } from '../audit/changed-fields';
import { Department } from '../departments/department.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { WorkItem } from '../reference/focus-area.entity';
import { Indicator, Milestone, Task, TaskCoDepartment } from './task.entity';
import { insertTaskRows, selectTaskPage, selectTasks } from './task-rows';
import { TaskStatusRefresher } from './task-status-refresher.service';
import type { TableCell } from '../exports/table-export';
import { type TaskExportNames, taskExportRow } from './task-export';
import { type LatestActual, auditedTaskFields, toTaskListItem, toTaskView } from './task-views';
import { reportColumns, visibleRecordCondition } from './record-visibility';
import { visibleTaskCondition } from './task-visibility';
import { latestCloseOut, signOpenCloseOut } from '../supervision/close-out-records';

const tasksCursor = z.tuple([cursorKey.date, cursorKey.uuid]);
// Tasks read per query of an export.
const EXPORT_BATCH = 500;

export const actorOf = (user: AuthUser) => ({ id: user.id, role: user.role, departmentId: user.departmentId });

const USER_TASK_ACTIONS: Partial<Record<TaskAction, 'task.assign' | 'task.complete' | 'task.cancel'>> = {
  assign: 'task.assign',
  complete: 'task.complete',
  cancel: 'task.cancel',
};

@Injectable()
export class TasksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly refresher: TaskStatusRefresher,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- reading -------------------------------------------------------------------------------

  /** Tasks the caller may see, by due date then id (stable), with the contract's filters. */
  async list(user: AuthUser, query: ListTasksQuery): Promise<Page<TaskListItemView>> {
    return this.unitOfWork.read(async (tx) => {
      await this.refresher.refreshStale(tx);
      const items = await this.listPage(tx, user, query, decodeCursor(query.cursor, tasksCursor), query.limit + 1);
      const page = items.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page,
        nextCursor: items.length > query.limit && last ? encodeCursor([last.dueDate, last.id]) : null,
      };
    });
  }

  /** Every task of the list with its filters (limit and cursor ignored), read in batches as they are taken. */
  async *listAll(user: AuthUser, query: ListTasksQuery): AsyncGenerator<TaskListItemView[]> {
    let after: [string, string] | null = null;
    await this.unitOfWork.run((tx) => this.refresher.refreshStale(tx));
    for (;;) {
      const from: [string, string] | null = after;
      const batch: TaskListItemView[] = await this.unitOfWork.run((tx) =>
        this.listPage(tx, user, query, from, EXPORT_BATCH),
      );
      if (batch.length) yield batch;
      const last: TaskListItemView | undefined = batch[batch.length - 1];
      if (batch.length < EXPORT_BATCH || !last) return;
      after = [last.dueDate, last.id];
    }
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

  /** Up to `limit` tasks after `after` (due date, id), by due date then id. */
  private async listPage(
    tx: EntityManager,
    user: AuthUser,
    query: ListTasksQuery,
    after: readonly [string, string] | null | undefined,
    limit: number,
  ): Promise<TaskListItemView[]> {
    const visible = visibleTaskCondition(user, 't', 1);
    const params: unknown[] = [...visible.params];
    const where = [visible.sql];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.focusArea) add((p) => `t.work_item_code LIKE ${p}`, `${query.focusArea}.%`);
    if (query.workItem) add((p) => `t.work_item_code = ${p}`, query.workItem);
    if (query.department) {
      add(
        (p) =>
          `(t.lead_department_id = ${p} OR EXISTS (SELECT 1 FROM task_co_department d WHERE d.task_id = t.id AND d.department_id = ${p}))`,
        query.department,
      );
    }
    // Lead only: what the dashboard's per-department counts count (`department` keeps lead or co-owner).
    if (query.leadDepartment) add((p) => `t.lead_department_id = ${p}`, query.leadDepartment);
    if (query.status) add((p) => `t.status = ${p}`, query.status);
    if (query.rag) add((p) => `t.rag = ${p}`, query.rag);
    if (query.overdue !== undefined) add((p) => `t.overdue = ${p}`, query.overdue);
    if (query.q) add((p) => `t.title ILIKE ${p}`, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (after) {
      params.push(...after);
      where.push(`(t.due_date, t.id) > ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(limit);
    // The page's tasks with their co-owners in one statement (ix_task_due_date_id keeps the order).
    const tasks = await selectTaskPage(tx, where.join(' AND '), params);
    const latest = await this.latestReports(
      tx,
      user,
      tasks.map((task) => task.id),
    );
    return tasks.map((task) => toTaskListItem(task, latest.get(task.id) ?? null));
  }

  async get(user: AuthUser, id: string): Promise<TaskView> {
    return this.unitOfWork.read(async (tx) => {
      await this.refresher.refreshStale(tx);
      return this.view(tx, user, id);
    });
  }

  /** Whether the caller may see task `id` (the access guard's 404 check). */
  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    const visible = visibleTaskCondition(user, 't', 2);
    const rows: unknown[] = await this.unitOfWork.read((db) =>
      db.query(`SELECT 1 FROM task t WHERE t.id = $1 AND ${visible.sql}`, [id, ...visible.params]),
    );
    return rows.length > 0;
  }

  // ---- commands ------------------------------------------------------------------------------

  async create(command: Command): Promise<TaskView> {
    const { actor } = command;
    if (!mayAct(actor.role, 'none', 'task.edit')) throw problems.forbidden();
    const input = command.parse(createTaskSchema);
    return this.unitOfWork.run(async (tx) => {
      const errors = await this.checkNewTask(tx, input);
      if (errors.length) throw problems.unprocessable(errors);
      const task = await this.createDraft(tx, actor, input);
      // A new task has no reports: its view needs no further reads.
      return toTaskView(task, null, new Map(), this.allowedActions(actor, task, false));
    });
  }

  /** What `POST /api/tasks` checks beyond the schema: references (active) and the plan rules. */
  async checkNewTask(tx: EntityManager, input: CreateTaskInput): Promise<FieldError[]> {
    return [
      ...(await this.checkReferences(tx, input.workItemCode, input.leadDepartmentId, input.coDepartmentIds ?? [])),
      ...checkTaskPlan({
        leadDepartmentId: input.leadDepartmentId,
        coDepartmentIds: input.coDepartmentIds ?? [],
        startDate: input.startDate ?? null,
        dueDate: input.dueDate,
        milestones: input.milestones ?? [],
        indicators: input.indicators ?? [],
      }),
    ];
  }

  /**
   * Inserts a checked draft task and its `task.create` audit event in the caller's transaction
   * (`sha256`: of the file it was imported from).
   */
  async createDraft(tx: EntityManager, actor: AuthUser, input: CreateTaskInput, sha256?: string): Promise<Task> {
    const task = await this.insertTask(tx, actor, input);
    await this.audit.append(tx, {
      actor: actorOf(actor),
      action: 'task.create',
      entityType: 'task',
      entityId: task.id,
      departmentId: task.leadDepartmentId,
      after: auditedTaskFields(task),
      ...(sha256 ? { sha256 } : {}),
    });
    return task;
  }

  async update(id: string, command: Command): Promise<TaskView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.lockTask(tx, id);
      const relation = taskRelation(actor.departmentId, this.plain(task));
      const asCommittee = mayAct(actor.role, relation, 'task.edit');
      const asLeadHead = mayAct(actor.role, relation, 'milestone.mark-done');
      if (!asCommittee && !asLeadHead) throw problems.forbidden();
      const input = command.parse(updateTaskSchema);
      if (!asCommittee) this.assertOnlyDoneDates(input);
      command.checkVersion(task.version, true);
      const policy = taskEditPolicy(task.status);
      if (!policy.editable) {
        throw problems.conflict(`A ${task.status} task cannot be changed.`, []);
      }
      const before = auditedTaskFields(task);
      if (policy.planEditable) await this.applyDraftChanges(tx, task, input);
      else await this.applyAssignedChanges(tx, task, input);

      const reloaded = await this.lockTask(tx, id);
      const diff = changedFields(before, auditedTaskFields(reloaded));
      if (diff) {
        // One version step per accepted PATCH, also when only child rows (milestones) changed.
        await tx.query('UPDATE task SET version = $2, updated_at = now() WHERE id = $1', [id, task.version + 1]);
        await this.refresher.refresh(tx, [id]);
      }
      const view = await this.view(tx, actor, id);
      // Last: the audit chain's lock is held for its head read and insert only, up to the commit.
      if (diff) {
        await this.audit.append(tx, {
          actor: actorOf(actor),
          action: 'task.update',
          entityType: 'task',
          entityId: id,
          departmentId: reloaded.leadDepartmentId,
          ...diff,
        });
      }
      return view;
    });
  }

  async assign(id: string, command: Command): Promise<TaskView> {
    return this.transition(id, command, 'assign', emptyActionSchema, async (tx, task, now) => {
      task.assignedAt = now;
      // The receipt window (签收) opens: the lead department accepts within ACCEPT_WORKING_DAYS.
      task.receiptOpenedAt = now;
      task.baselineDueDate = task.dueDate;
      await tx.query('UPDATE milestone SET baseline_planned_date = planned_date WHERE task_id = $1', [id]);
      await tx.query('UPDATE indicator SET baseline_target = target WHERE task_id = $1', [id]);
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.leadDepartmentId, ...task.coDepartments.map((c) => c.departmentId)],
        kind: 'assigned',
        taskId: id,
        payload: { title: task.title },
      });
      return {};
    });
  }

  async complete(id: string, command: Command): Promise<TaskView> {
    return this.transition(id, command, 'complete', emptyActionSchema, async (tx, task, now) => {
      if (!(await this.hasApprovedFinalReport(tx, id))) {
        throw problems.unprocessable(
          [{ field: 'status', code: 'no_final_report', message: 'Approve a final report at 100 % first' }],
          'A task is completed after its final report (100 %) is approved.',
        );
      }
      // 办结销号: completing signs off the lead department's open close-out request.
      const signed = await signOpenCloseOut(tx, id, command.actor, now);
      task.closedAt = now;
      return { closeOutId: signed.closeOutId };
    });
  }

  async cancel(id: string, command: Command): Promise<TaskView> {
    return this.transition(id, command, 'cancel', cancelTaskSchema, async (_tx, task, now, input) => {
      task.closedAt = now;
      task.cancelReason = input.reason;
      return { reason: input.reason };
    });
  }

  // ---- internals -----------------------------------------------------------------------------

  private async transition<S extends typeof emptyActionSchema | typeof cancelTaskSchema>(
    id: string,
    command: Command,
    action: 'assign' | 'complete' | 'cancel',
    schema: S,
    apply: (
      tx: EntityManager,
      task: Task,
      now: Date,
      input: ReturnType<S['parse']>,
    ) => Promise<Record<string, unknown>>,
  ): Promise<TaskView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.lockTask(tx, id);
      const relation = taskRelation(actor.departmentId, this.plain(task));
      const workflowAction = USER_TASK_ACTIONS[action];
      if (!workflowAction || !mayAct(actor.role, relation, workflowAction)) throw problems.forbidden();
      const input = command.parse(schema) as ReturnType<S['parse']>;
      command.checkVersion(task.version, false);
      const result = transitionTask(task.status, action);
      if (!result.ok) {
        throw problems.conflict(
          `A ${task.status} task cannot be ${action}ed.`,
          result.allowed.filter((a) => a !== 'start'),
        );
      }
      const before = task.status;
      const extra = await apply(tx, task, this.clock.now(), input);
      task.status = result.to;
      // Explicit columns: the aggregate's children were changed (if at all) by `apply` itself.
      await tx
        .createQueryBuilder()
        .update(Task)
        .set({
          status: task.status,
          assignedAt: task.assignedAt,
          receiptOpenedAt: task.receiptOpenedAt,
          baselineDueDate: task.baselineDueDate,
          closedAt: task.closedAt,
          cancelReason: task.cancelReason,
          version: () => 'version + 1',
        })
        .where('id = :id', { id })
        .execute();
      await this.refresher.refresh(tx, [id]);
      const view = await this.view(tx, actor, id);
      // Last: the audit chain's lock is held for its head read and insert only, up to the commit.
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: `task.${action}`,
        entityType: 'task',
        entityId: id,
        departmentId: task.leadDepartmentId,
        before: { status: before },
        after: { status: task.status, ...extra },
      });
      return view;
    });
  }

  async view(tx: EntityManager, user: AuthUser, id: string): Promise<TaskView> {
    const task = (await this.loadTasks(tx, [id], true)).get(id);
    if (!task) throw problems.notFound('task');
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
        mayAct(user.role, taskRelation(user.departmentId, this.plain(task)), RECEIPT_WORKFLOW_ACTIONS[action]),
      ),
    });
    const relation = taskRelation(user.departmentId, this.plain(task));
    return {
      ...view,
      closeOut,
      allowedCloseOutActions: closeOutActions.filter((action) =>
        mayAct(user.role, relation, CLOSE_OUT_WORKFLOW_ACTIONS[action]),
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

  private allowedActions(user: AuthUser, task: Task, completable: boolean): TaskAction[] {
    const relation = taskRelation(user.departmentId, this.plain(task));
    return allowedTaskActions(task.status).filter((action) => {
      const workflowAction = USER_TASK_ACTIONS[action];
      if (action === 'complete' && !completable) return false;
      return workflowAction !== undefined && mayAct(user.role, relation, workflowAction);
    });
  }

  /** A task is completed after its final report (100 %) is approved. */
  private async hasApprovedFinalReport(tx: EntityManager, taskId: string): Promise<boolean> {
    const finals: unknown[] = await tx.query(
      `SELECT 1 FROM progress_report WHERE task_id = $1 AND status = 'approved' AND final AND percent_complete = 100`,
      [taskId],
    );
    return finals.length > 0;
  }

  private plain(task: Task) {
    return { leadDepartmentId: task.leadDepartmentId, coDepartmentIds: task.coDepartments.map((c) => c.departmentId) };
  }

  private async lockTask(tx: EntityManager, id: string): Promise<Task> {
    // Lock the row first (relations cannot be loaded FOR UPDATE in one query), then read the aggregate.
    const locked: unknown[] = await tx.query('SELECT 1 FROM task WHERE id = $1 FOR UPDATE', [id]);
    if (!locked.length) throw problems.notFound('task');
    const task = (await this.loadTasks(tx, [id], true)).get(id);
    if (!task) throw problems.notFound('task');
    return task;
  }

  private loadTasks(tx: EntityManager, ids: string[], withPlan: boolean): Promise<Map<string, Task>> {
    return selectTasks(tx, ids, withPlan);
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

  private async checkReferences(
    tx: EntityManager,
    workItemCode: string | undefined,
    leadDepartmentId: string | undefined,
    coDepartmentIds: string[],
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (workItemCode && !(await tx.getRepository(WorkItem).existsBy({ code: workItemCode }))) {
      errors.push({ field: 'workItemCode', code: 'unknown', message: 'No such work item' });
    }
    const ids = [...new Set([...(leadDepartmentId ? [leadDepartmentId] : []), ...coDepartmentIds])];
    const found = ids.length ? await tx.getRepository(Department).findBy({ id: In(ids) }) : [];
    const active = new Set(found.filter((d) => d.active).map((d) => d.id));
    if (leadDepartmentId && !active.has(leadDepartmentId)) {
      errors.push({ field: 'leadDepartmentId', code: 'unknown', message: 'No such active department' });
    }
    coDepartmentIds.forEach((departmentId, index) => {
      if (!active.has(departmentId)) {
        errors.push({ field: `coDepartmentIds.${index}`, code: 'unknown', message: 'No such active department' });
      }
    });
    return errors;
  }

  /** The task and its children in one statement, returned as written (no reload). */
  private insertTask(tx: EntityManager, actor: AuthUser, input: CreateTaskInput): Promise<Task> {
    return insertTaskRows(
      tx,
      {
        workItemCode: input.workItemCode,
        title: input.title,
        description: input.description ?? '',
        leadDepartmentId: input.leadDepartmentId,
        startDate: input.startDate ?? null,
        dueDate: input.dueDate,
        reportingCycle: input.reportingCycle ?? 'monthly',
        createdById: actor.id,
      },
      input.coDepartmentIds ?? [],
      input.milestones ?? [],
      input.indicators ?? [],
    );
  }

  private async replaceCoDepartments(tx: EntityManager, taskId: string, departmentIds: string[]): Promise<void> {
    await tx.getRepository(TaskCoDepartment).delete({ taskId });
    if (departmentIds.length) {
      await tx.getRepository(TaskCoDepartment).insert(departmentIds.map((departmentId) => ({ taskId, departmentId })));
    }
  }

  private assertOnlyDoneDates(input: UpdateTaskInput): void {
    const onlyMilestones = Object.keys(input).every((key) => key === 'milestones');
    const onlyDoneDates = (input.milestones ?? []).every(
      (m) => m.id !== undefined && Object.keys(m).every((key) => key === 'id' || key === 'doneDate'),
    );
    if (!onlyMilestones || !onlyDoneDates) {
      throw problems.forbidden('The lead department may only record milestone done dates.');
    }
  }

  private async applyDraftChanges(tx: EntityManager, task: Task, input: UpdateTaskInput): Promise<void> {
    const errors = await this.checkReferences(
      tx,
      input.workItemCode,
      input.leadDepartmentId,
      input.coDepartmentIds ?? [],
    );
    const existingMilestones = new Map(task.milestones.map((m) => [m.id, m]));
    const existingIndicators = new Map(task.indicators.map((i) => [i.id, i]));
    const milestones =
      input.milestones?.map((m, index) => {
        const current = m.id ? existingMilestones.get(m.id) : undefined;
        if (m.id && !current)
          errors.push({ field: `milestones.${index}.id`, code: 'unknown', message: 'Not a milestone of this task' });
        const title = m.title ?? current?.title;
        const plannedDate = m.plannedDate ?? current?.plannedDate;
        if (!title || !plannedDate) {
          errors.push({
            field: `milestones.${index}`,
            code: 'incomplete',
            message: 'A new milestone needs a title and a planned date',
          });
        }
        return {
          id: current?.id,
          title: title ?? '',
          plannedDate: plannedDate ?? task.dueDate,
          doneDate: m.doneDate ?? current?.doneDate ?? null,
        };
      }) ?? task.milestones;
    const indicators =
      input.indicators?.map((i, index) => {
        const current = i.id ? existingIndicators.get(i.id) : undefined;
        if (i.id && !current)
          errors.push({ field: `indicators.${index}.id`, code: 'unknown', message: 'Not an indicator of this task' });
        const merged = { ...current, ...i };
        if (
          merged.name === undefined ||
          merged.unit === undefined ||
          merged.baseline === undefined ||
          merged.target === undefined ||
          merged.direction === undefined
        ) {
          errors.push({
            field: `indicators.${index}`,
            code: 'incomplete',
            message: 'A new indicator needs name, unit, baseline, target and direction',
          });
        }
        return merged as Indicator;
      }) ?? task.indicators;
    const next = {
      leadDepartmentId: input.leadDepartmentId ?? task.leadDepartmentId,
      coDepartmentIds: input.coDepartmentIds ?? task.coDepartments.map((c) => c.departmentId),
      startDate: input.startDate !== undefined ? input.startDate : task.startDate,
      dueDate: input.dueDate ?? task.dueDate,
    };
    errors.push(...checkTaskPlan({ ...next, milestones, indicators }));
    if (errors.length) throw problems.unprocessable(errors);

    task.title = input.title ?? task.title;
    task.description = input.description ?? task.description;
    task.workItemCode = input.workItemCode ?? task.workItemCode;
    task.reportingCycle = input.reportingCycle ?? task.reportingCycle;
    Object.assign(task, next);
    await tx.getRepository(Task).update(task.id, {
      title: task.title,
      description: task.description,
      workItemCode: task.workItemCode,
      reportingCycle: task.reportingCycle,
      leadDepartmentId: next.leadDepartmentId,
      startDate: next.startDate,
      dueDate: next.dueDate,
    });
    if (input.coDepartmentIds) await this.replaceCoDepartments(tx, task.id, input.coDepartmentIds);
    if (input.milestones) {
      await tx.getRepository(Milestone).delete({ taskId: task.id });
      await tx.getRepository(Milestone).insert(
        milestones.map((m, position) => ({
          ...(m.id ? { id: m.id } : {}),
          taskId: task.id,
          position,
          title: m.title,
          plannedDate: m.plannedDate,
          doneDate: m.doneDate,
        })),
      );
    }
    if (input.indicators) {
      await tx.getRepository(Indicator).delete({ taskId: task.id });
      await tx.getRepository(Indicator).insert(
        indicators.map((i, position) => ({
          ...(i.id ? { id: i.id } : {}),
          taskId: task.id,
          position,
          name: i.name,
          unit: i.unit,
          baseline: i.baseline,
          target: i.target,
          direction: i.direction,
        })),
      );
    }
  }

  /** After assignment: title, description, co-owners, milestone titles and done dates, indicator names. */
  private async applyAssignedChanges(tx: EntityManager, task: Task, input: UpdateTaskInput): Promise<void> {
    const errors = checkAssignedTaskChanges(input, task, this.refresher.today());
    const milestones = new Map(task.milestones.map((m) => [m.id, m]));
    if (input.coDepartmentIds) {
      errors.push(...(await this.checkReferences(tx, undefined, undefined, input.coDepartmentIds)));
    }
    if (errors.length)
      throw problems.unprocessable(errors, 'After assignment the plan changes only through amendments.');

    await tx.getRepository(Task).update(task.id, {
      title: input.title ?? task.title,
      description: input.description ?? task.description,
    });
    if (input.coDepartmentIds) await this.replaceCoDepartments(tx, task.id, input.coDepartmentIds);
    for (const m of input.milestones ?? []) {
      const current = milestones.get(m.id as string) as Milestone;
      await tx.getRepository(Milestone).update(current.id, {
        title: m.title ?? current.title,
        doneDate: m.doneDate !== undefined ? m.doneDate : current.doneDate,
      });
    }
    for (const i of input.indicators ?? []) {
      if (i.name) await tx.getRepository(Indicator).update(i.id as string, { name: i.name });
    }
  }
}
