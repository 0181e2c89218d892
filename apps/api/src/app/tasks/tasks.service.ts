import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type CreateTaskInput,
  type FieldError,
  type TaskView,
  cancelTaskSchema,
  checkTaskPlan,
  createTaskSchema,
  emptyActionSchema,
  mayAct,
  taskEditPolicy,
  updateTaskSchema,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter, changedFields } from '../audit';
import { NotificationsService } from '../notifications';
import type { Task } from './task.entity';
import { USER_TASK_ACTIONS, relationTo } from './task-actions';
import { assertOnlyDoneDates, assignedEdit, checkTaskReferences, draftPlanEdit } from './task-plan-edit';
import { TaskQueries } from './task-queries.service';
import { signOpenCloseOut } from './close-out-records';
import { insertTaskRows } from './task-rows';
import { TaskStatusRefresher } from './task-status-refresher.service';
import { type TaskCommandAction, TaskRepository } from './task.repository';
import { auditedTaskFields, toTaskView } from './task-views';

/**
 * The task's commands: create, change, assign, complete, cancel. Each runs in one transaction:
 * the repository locks and loads the task once, the command checks in the contract's order, asks
 * the repository for its named change, builds its answer from the aggregate it holds, and appends
 * its audit event last (so the audit chain's lock is held for the head and the insert only).
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly refresher: TaskStatusRefresher,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly repository: TaskRepository,
    private readonly queries: TaskQueries,
  ) {}

  async create(command: Command): Promise<TaskView> {
    const { actor } = command;
    if (!mayAct(actor.role, 'none', 'task.edit')) throw problems.forbidden();
    const input = command.parse(createTaskSchema);
    return this.unitOfWork.run(async (tx) => {
      const errors = await this.checkNewTask(tx, input);
      if (errors.length) throw problems.unprocessable(errors);
      const task = await this.createDraft(tx, actor, input);
      // A new task has no reports: its view needs no further reads.
      return toTaskView(task, null, new Map(), this.queries.allowedActions(actor, task, false));
    });
  }

  /** What `POST /api/tasks` checks beyond the schema: references (active) and the plan rules. */
  async checkNewTask(tx: EntityManager, input: CreateTaskInput): Promise<FieldError[]> {
    return [
      ...(await checkTaskReferences(tx, input.workItemCode, input.leadDepartmentId, input.coDepartmentIds ?? [])),
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
      actor,
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
      const task = await this.repository.lock(tx, id);
      const relation = relationTo(actor, task);
      const asCommittee = mayAct(actor.role, relation, 'task.edit');
      const asLeadHead = mayAct(actor.role, relation, 'milestone.mark-done');
      if (!asCommittee && !asLeadHead) throw problems.forbidden();
      const input = command.parse(updateTaskSchema);
      if (!asCommittee) assertOnlyDoneDates(input);
      command.checkVersion(task.version, true);
      const policy = taskEditPolicy(task.status);
      if (!policy.editable) {
        throw problems.conflict(`A ${task.status} task cannot be changed.`, []);
      }
      const before = auditedTaskFields(task);
      if (policy.planEditable) {
        const references = await checkTaskReferences(
          tx,
          input.workItemCode,
          input.leadDepartmentId,
          input.coDepartmentIds ?? [],
        );
        await this.repository.editDraft(tx, task, draftPlanEdit(task, input, references));
      } else {
        const references = input.coDepartmentIds
          ? await checkTaskReferences(tx, undefined, undefined, input.coDepartmentIds)
          : [];
        await this.repository.editAssigned(tx, task, assignedEdit(task, input, this.refresher.today(), references));
      }
      // The repository kept the loaded task equal to its rows: no reload for the diff or the view.
      const diff = changedFields(before, auditedTaskFields(task));
      // One version step per accepted PATCH, also when only child rows (milestones) changed.
      await this.repository.bumpVersion(tx, task);
      if (diff) await this.repository.refreshStatus(tx, task);
      const view = await this.queries.viewOf(tx, actor, task);
      // Last: the audit chain's lock is held for its head read and insert only, up to the commit.
      if (diff) {
        await this.audit.append(tx, {
          actor,
          action: 'task.update',
          entityType: 'task',
          entityId: id,
          departmentId: task.leadDepartmentId,
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
      await this.repository.fixBaseline(tx, task);
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
    action: TaskCommandAction,
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
      const task = await this.repository.lock(tx, id);
      const workflowAction = USER_TASK_ACTIONS[action];
      if (!workflowAction || !mayAct(actor.role, relationTo(actor, task), workflowAction)) throw problems.forbidden();
      const input = command.parse(schema) as ReturnType<S['parse']>;
      command.checkVersion(task.version, false);
      const { from, prepared: extra } = await this.repository.transition(tx, task, action, () =>
        apply(tx, task, this.clock.now(), input),
      );
      const view = await this.queries.viewOf(tx, actor, task);
      // Last: the audit chain's lock is held for its head read and insert only, up to the commit.
      await this.audit.append(tx, {
        actor,
        action: `task.${action}`,
        entityType: 'task',
        entityId: id,
        departmentId: task.leadDepartmentId,
        before: { status: from },
        after: { status: task.status, ...extra },
      });
      return view;
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
}
