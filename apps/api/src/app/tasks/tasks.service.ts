import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { z } from 'zod';
import {
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
  acceptBy,
  allowedReceiptActions,
  allowedTaskActions,
  receiptState,
  cancelTaskSchema,
  checkTaskPlan,
  createTaskSchema,
  emptyActionSchema,
  lastSubmittedStatus,
  mayAct,
  recordAccess,
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
import { TaskStatusRefresher } from './task-status-refresher.service';
import { type LatestActual, auditedTaskFields, toTaskListItem, toTaskView } from './task-views';
import { reportColumns, visibleRecordCondition } from './record-visibility';
import { visibleTaskCondition } from './task-visibility';

const tasksCursor = z.tuple([cursorKey.date, cursorKey.uuid]);

export const actorOf = (user: AuthUser) => ({ id: user.id, role: user.role, departmentId: user.departmentId });

const USER_TASK_ACTIONS: Partial<Record<TaskAction, 'task.assign' | 'task.complete' | 'task.cancel'>> = {
  assign: 'task.assign',
  complete: 'task.complete',
  cancel: 'task.cancel',
};

/** Plan fields: after assignment they change only through amendments (rules.md, 422). */
const PLAN_FIELDS = ['workItemCode', 'leadDepartmentId', 'startDate', 'dueDate', 'reportingCycle'] as const;

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
    return this.unitOfWork.run(async (tx) => {
      await this.refresher.refreshStale(tx);
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
      if (query.status) add((p) => `t.status = ${p}`, query.status);
      if (query.rag) add((p) => `t.rag = ${p}`, query.rag);
      if (query.overdue !== undefined) add((p) => `t.overdue = ${p}`, query.overdue);
      if (query.q) add((p) => `t.title ILIKE ${p}`, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const cursor = decodeCursor(query.cursor, tasksCursor);
      if (cursor) {
        params.push(...cursor);
        where.push(`(t.due_date, t.id) > ($${params.length - 1}::date, $${params.length}::uuid)`);
      }
      params.push(query.limit + 1);
      const ids: { id: string }[] = await tx.query(
        `SELECT t.id FROM task t WHERE ${where.join(' AND ')} ORDER BY t.due_date, t.id LIMIT $${params.length}`,
        params,
      );
      const pageIds = ids.slice(0, query.limit).map((row) => row.id);
      const tasks = await this.loadTasks(tx, pageIds, false);
      const latest = await this.latestReports(tx, user, pageIds);
      const items = pageIds
        .map((id) => tasks.get(id))
        .filter((task): task is Task => task !== undefined)
        .map((task) => toTaskListItem(task, latest.get(task.id) ?? null));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: ids.length > query.limit && last ? encodeCursor([last.dueDate, last.id]) : null,
      };
    });
  }

  async get(user: AuthUser, id: string): Promise<TaskView> {
    return this.unitOfWork.run(async (tx) => {
      await this.refresher.refreshStale(tx);
      return this.view(tx, user, id);
    });
  }

  /** Whether the caller may see task `id` (the access guard's 404 check). */
  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    const visible = visibleTaskCondition(user, 't', 2);
    const rows: unknown[] = await this.unitOfWork.run((tx) =>
      tx.query(`SELECT 1 FROM task t WHERE t.id = $1 AND ${visible.sql}`, [id, ...visible.params]),
    );
    return rows.length > 0;
  }

  // ---- commands ------------------------------------------------------------------------------

  async create(command: Command): Promise<TaskView> {
    const { actor } = command;
    if (!mayAct(actor.role, 'none', 'task.edit')) throw problems.forbidden();
    const input = command.parse(createTaskSchema);
    return this.unitOfWork.run(async (tx) => {
      const errors = [
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
      if (errors.length) throw problems.unprocessable(errors);
      const task = await this.insertTask(tx, actor, input);
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: 'task.create',
        entityType: 'task',
        entityId: task.id,
        departmentId: task.leadDepartmentId,
        after: auditedTaskFields(task),
      });
      return this.view(tx, actor, task.id);
    });
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
      if (task.status === 'completed' || task.status === 'cancelled') {
        throw problems.conflict(`A ${task.status} task cannot be changed.`, []);
      }
      const before = auditedTaskFields(task);
      if (task.status === 'draft') await this.applyDraftChanges(tx, task, input);
      else await this.applyAssignedChanges(tx, task, input);

      const reloaded = await this.lockTask(tx, id);
      const diff = changedFields(before, auditedTaskFields(reloaded));
      if (diff) {
        // One version step per accepted PATCH, also when only child rows (milestones) changed.
        await tx.query('UPDATE task SET version = $2, updated_at = now() WHERE id = $1', [id, task.version + 1]);
        await this.audit.append(tx, {
          actor: actorOf(actor),
          action: 'task.update',
          entityType: 'task',
          entityId: id,
          departmentId: reloaded.leadDepartmentId,
          ...diff,
        });
        await this.refresher.refresh(tx, [id]);
      }
      return this.view(tx, actor, id);
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
      task.closedAt = now;
      return {};
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
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: `task.${action}`,
        entityType: 'task',
        entityId: id,
        departmentId: task.leadDepartmentId,
        before: { status: before },
        after: { status: task.status, ...extra },
      });
      await this.refresher.refresh(tx, [id]);
      return this.view(tx, actor, id);
    });
  }

  async view(tx: EntityManager, user: AuthUser, id: string): Promise<TaskView> {
    const task = (await this.loadTasks(tx, [id], true)).get(id);
    if (!task) throw problems.notFound('task');
    const latest = await this.latestReports(tx, user, [id]);
    const relation = taskRelation(user.departmentId, this.plain(task));
    const completable = await this.hasApprovedFinalReport(tx, id);
    const allowed = allowedTaskActions(task.status).filter((action) => {
      const workflowAction = USER_TASK_ACTIONS[action];
      if (action === 'complete' && !completable) return false;
      return workflowAction !== undefined && mayAct(user.role, relation, workflowAction);
    });
    return toTaskView(task, latest.get(id) ?? null, await this.latestActuals(tx, id), allowed, {
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
        mayAct(user.role, relation, RECEIPT_WORKFLOW_ACTIONS[action]),
      ),
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

  private async loadTasks(tx: EntityManager, ids: string[], withPlan: boolean): Promise<Map<string, Task>> {
    if (!ids.length) return new Map();
    const tasks = await tx.getRepository(Task).find({
      where: { id: In(ids) },
      relations: withPlan ? { coDepartments: true, milestones: true, indicators: true } : { coDepartments: true },
    });
    return new Map(tasks.map((task) => [task.id, task]));
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

  /** Latest actual of each indicator from the submitted or approved reports. */
  private async latestActuals(tx: EntityManager, taskId: string): Promise<Map<string, LatestActual>> {
    const rows: { indicator_id: string; value: number; period: string }[] = await tx.query(
      `SELECT DISTINCT ON (a->>'indicatorId') a->>'indicatorId' AS indicator_id, (a->>'value')::numeric AS value, r.period
         FROM progress_report r, jsonb_array_elements(r.indicator_actuals) a
        WHERE r.task_id = $1 AND r.status IN ('submitted', 'approved')
        ORDER BY a->>'indicatorId', r.period DESC`,
      [taskId],
    );
    return new Map(rows.map((r) => [r.indicator_id, { value: r.value, period: r.period }]));
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

  private async insertTask(tx: EntityManager, actor: AuthUser, input: CreateTaskInput): Promise<Task> {
    const repository = tx.getRepository(Task);
    const task = await repository.save(
      repository.create({
        workItemCode: input.workItemCode,
        title: input.title,
        description: input.description ?? '',
        leadDepartmentId: input.leadDepartmentId,
        startDate: input.startDate ?? null,
        dueDate: input.dueDate,
        reportingCycle: input.reportingCycle ?? 'monthly',
        status: 'draft',
        createdById: actor.id,
        coDepartments: [],
        milestones: [],
        indicators: [],
      }),
    );
    await this.replaceCoDepartments(tx, task.id, input.coDepartmentIds ?? []);
    await tx
      .getRepository(Milestone)
      .save(
        (input.milestones ?? []).map((m, position) =>
          tx.getRepository(Milestone).create({ taskId: task.id, position, title: m.title, plannedDate: m.plannedDate }),
        ),
      );
    await tx
      .getRepository(Indicator)
      .save(
        (input.indicators ?? []).map((i, position) =>
          tx.getRepository(Indicator).create({ ...i, taskId: task.id, position }),
        ),
      );
    const saved = (await this.loadTasks(tx, [task.id], true)).get(task.id);
    if (!saved) throw new Error('task vanished after insert');
    return saved;
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
    const errors: FieldError[] = [];
    for (const field of PLAN_FIELDS) {
      if (input[field] !== undefined) {
        errors.push({ field, code: 'plan_field', message: 'Change the plan through an amendment (with a reason)' });
      }
    }
    const milestones = new Map(task.milestones.map((m) => [m.id, m]));
    const today = this.refresher.today();
    (input.milestones ?? []).forEach((m, index) => {
      const current = m.id ? milestones.get(m.id) : undefined;
      if (!current) {
        errors.push({
          field: `milestones.${index}.id`,
          code: 'plan_field',
          message: 'New milestones need an amendment',
        });
      } else if (m.plannedDate !== undefined && m.plannedDate !== current.plannedDate) {
        errors.push({
          field: `milestones.${index}.plannedDate`,
          code: 'plan_field',
          message: 'Change planned dates through an amendment',
        });
      } else if (m.doneDate && m.doneDate > today) {
        errors.push({
          field: `milestones.${index}.doneDate`,
          code: 'future',
          message: 'A milestone cannot be done in the future',
        });
      }
    });
    const indicators = new Map(task.indicators.map((i) => [i.id, i]));
    (input.indicators ?? []).forEach((i, index) => {
      const current = i.id ? indicators.get(i.id) : undefined;
      const planKeys = (['unit', 'baseline', 'target', 'direction'] as const).filter(
        (k) => i[k] !== undefined && i[k] !== current?.[k],
      );
      if (!current || planKeys.length) {
        errors.push({
          field: `indicators.${index}`,
          code: 'plan_field',
          message: 'Change indicators through an amendment',
        });
      }
    });
    if (input.coDepartmentIds) {
      errors.push(...(await this.checkReferences(tx, undefined, undefined, input.coDepartmentIds)));
      if (input.coDepartmentIds.includes(task.leadDepartmentId)) {
        errors.push({
          field: 'coDepartmentIds',
          code: 'includes_lead',
          message: 'The lead department cannot also co-own',
        });
      }
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
