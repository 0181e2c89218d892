import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type AmendmentView,
  type CreateAmendmentInput,
  type FieldError,
  type PlanDriftView,
  checkCoOwners,
  checkIndicatorPlan,
  createAmendmentSchema,
  daysBetween,
  decideAmendmentSchema,
  mayAct,
  taskRelation,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { Department } from '../departments';
import { assertTaskTakesReports } from '../progress';
import { type Task, TaskRepository, isVisibleThroughTask, visibleTaskCondition } from '../tasks';
import { Amendment, type PlanChanges } from './amendment.entity';

function toView(a: Amendment): AmendmentView {
  return {
    id: a.id,
    taskId: a.taskId,
    status: a.status,
    reason: a.reason,
    changes: a.changes,
    proposedById: a.proposedById,
    proposedAt: a.proposedAt.toISOString(),
    decidedById: a.decidedById,
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
    decisionComment: a.decisionComment,
    version: a.version,
  };
}

/**
 * Plan changes after assignment (due date, lead department, indicator targets, milestone dates):
 * always with a reason, recorded before/after; the committee's own amendments apply at once, a lead
 * department head's are proposals the committee approves or rejects. The task keeps its baseline.
 */
@Injectable()
export class AmendmentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly repository: TaskRepository,
    private readonly clock: Clock,
  ) {}

  async list(taskId: string): Promise<AmendmentView[]> {
    const rows = await this.unitOfWork.run((tx) =>
      tx.getRepository(Amendment).find({ where: { taskId }, order: { proposedAt: 'ASC' } }),
    );
    return rows.map(toView);
  }

  async create(taskId: string, command: Command): Promise<AmendmentView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.loadTask(tx, taskId);
      const relation = taskRelation(actor.departmentId, {
        leadDepartmentId: task.leadDepartmentId,
        coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
      });
      const decides = mayAct(actor.role, relation, 'task.amend');
      if (!decides && !mayAct(actor.role, relation, 'amendment.propose')) throw problems.forbidden();
      const input = command.parse(createAmendmentSchema);
      assertTaskTakesReports(task);
      const changes = await this.planChanges(tx, task, input);
      const repository = tx.getRepository(Amendment);
      const amendment = await repository.save(
        repository.create({ taskId, status: 'proposed', reason: input.reason, changes, proposedById: actor.id }),
      );
      await this.audit.append(tx, {
        actor,
        action: 'amendment.propose',
        entityType: 'amendment',
        entityId: amendment.id,
        departmentId: task.leadDepartmentId,
        after: { taskId, reason: input.reason, changes: { ...changes } },
      });
      if (decides) await this.decide(tx, actor, amendment, task, 'approved', null);
      return toView(amendment);
    });
  }

  async approve(id: string, command: Command): Promise<AmendmentView> {
    return this.decideCommand(id, command, 'approved');
  }

  async reject(id: string, command: Command): Promise<AmendmentView> {
    return this.decideCommand(id, command, 'rejected');
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.read((tx) =>
      isVisibleThroughTask(tx, user, `amendment a JOIN task t ON t.id = a.task_id WHERE a.id = $1`, id),
    );
  }

  /** Tasks (visible to the caller) whose plan moved since assignment, and by how much. */
  async planDrift(user: AuthUser): Promise<PlanDriftView[]> {
    const visible = visibleTaskCondition(user, 't', 1);
    const rows: {
      id: string;
      title: string;
      work_item_code: string;
      lead_department_id: string;
      status: string;
      baseline_due_date: string;
      due_date: string;
      milestones_moved: number;
      targets_changed: number;
      amendments: number;
    }[] = await this.unitOfWork.run((tx) =>
      tx.query(
        `SELECT t.id, t.title, t.work_item_code, t.lead_department_id, t.status, t.baseline_due_date, t.due_date,
                (SELECT count(*)::int FROM milestone m WHERE m.task_id = t.id AND m.planned_date IS DISTINCT FROM m.baseline_planned_date) AS milestones_moved,
                (SELECT count(*)::int FROM indicator i WHERE i.task_id = t.id AND i.target IS DISTINCT FROM i.baseline_target) AS targets_changed,
                (SELECT count(*)::int FROM amendment a WHERE a.task_id = t.id AND a.status = 'approved') AS amendments
           FROM task t
          WHERE t.baseline_due_date IS NOT NULL AND ${visible.sql}
            AND (t.due_date <> t.baseline_due_date
                 OR EXISTS (SELECT 1 FROM milestone m WHERE m.task_id = t.id AND m.planned_date IS DISTINCT FROM m.baseline_planned_date)
                 OR EXISTS (SELECT 1 FROM indicator i WHERE i.task_id = t.id AND i.target IS DISTINCT FROM i.baseline_target)
                 OR EXISTS (SELECT 1 FROM amendment a WHERE a.task_id = t.id AND a.status = 'approved' AND a.changes ? 'leadDepartmentId'))
          ORDER BY abs(t.due_date - t.baseline_due_date) DESC, t.id`,
        visible.params,
      ),
    );
    return rows.map((r) => ({
      taskId: r.id,
      title: r.title,
      workItemCode: r.work_item_code,
      leadDepartmentId: r.lead_department_id,
      status: r.status,
      baselineDueDate: r.baseline_due_date,
      dueDate: r.due_date,
      dueDateDriftDays: daysBetween(r.baseline_due_date, r.due_date),
      milestonesMoved: r.milestones_moved,
      targetsChanged: r.targets_changed,
      amendments: r.amendments,
    }));
  }

  private async decideCommand(id: string, command: Command, decision: 'approved' | 'rejected'): Promise<AmendmentView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const amendment = await tx
        .getRepository(Amendment)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!amendment) throw problems.notFound('amendment');
      const task = await this.loadTask(tx, amendment.taskId);
      if (!mayAct(actor.role, 'none', 'amendment.decide')) throw problems.forbidden();
      const input = command.parse(decideAmendmentSchema);
      command.checkVersion(amendment.version, false);
      if (amendment.status !== 'proposed') {
        throw problems.conflict(`This amendment is already ${amendment.status}.`, []);
      }
      await this.decide(tx, actor, amendment, task, decision, input.comment ?? null);
      return toView(amendment);
    });
  }

  private async decide(
    tx: EntityManager,
    actor: AuthUser,
    amendment: Amendment,
    task: Task,
    decision: 'approved' | 'rejected',
    comment: string | null,
  ): Promise<void> {
    if (decision === 'approved') {
      assertTaskTakesReports(task);
      await this.repository.applyPlanChange(tx, task, amendment.changes, this.clock.now());
    }
    amendment.status = decision;
    amendment.decidedById = actor.id;
    amendment.decidedAt = this.clock.now();
    amendment.decisionComment = comment;
    await tx.getRepository(Amendment).save(amendment);
    await this.audit.append(tx, {
      actor,
      action: decision === 'approved' ? 'amendment.approve' : 'amendment.reject',
      entityType: 'amendment',
      entityId: amendment.id,
      departmentId: task.leadDepartmentId,
      before: { status: 'proposed' },
      after: {
        status: decision,
        taskId: task.id,
        comment,
        ...(decision === 'approved' ? { changes: { ...amendment.changes } } : {}),
      },
    });
  }

  /** Validates the proposed plan as a whole (422) and records each change as before/after. */
  private async planChanges(tx: EntityManager, task: Task, input: CreateAmendmentInput): Promise<PlanChanges> {
    const errors: FieldError[] = [];
    const changes: PlanChanges = {};
    const dueDate = input.dueDate ?? task.dueDate;
    if (input.dueDate && input.dueDate !== task.dueDate) {
      if (task.startDate && input.dueDate < task.startDate) {
        errors.push({ field: 'dueDate', code: 'before_start', message: 'The due date is before the start date' });
      }
      changes.dueDate = { before: task.dueDate, after: input.dueDate };
    }
    if (input.leadDepartmentId && input.leadDepartmentId !== task.leadDepartmentId) {
      const department = await tx.getRepository(Department).findOneBy({ id: input.leadDepartmentId });
      if (!department?.active) {
        errors.push({ field: 'leadDepartmentId', code: 'unknown', message: 'No such active department' });
      } else if (
        checkCoOwners(
          input.leadDepartmentId,
          task.coDepartments.map((c) => c.departmentId),
        ).some((e) => e.code === 'includes_lead')
      ) {
        errors.push({ field: 'leadDepartmentId', code: 'co_owner', message: 'Remove it from the co-owners first' });
      }
      changes.leadDepartmentId = { before: task.leadDepartmentId, after: input.leadDepartmentId };
    }
    (input.indicatorTargets ?? []).forEach((change, index) => {
      const indicator = task.indicators.find((i) => i.id === change.indicatorId);
      if (!indicator) {
        errors.push({
          field: `indicatorTargets.${index}.indicatorId`,
          code: 'unknown',
          message: 'Not an indicator of this task',
        });
        return;
      }
      errors.push(...checkIndicatorPlan({ ...indicator, target: change.target }, `indicatorTargets.${index}`));
      if (change.target !== indicator.target) {
        (changes.indicatorTargets ??= []).push({
          indicatorId: indicator.id,
          before: indicator.target,
          after: change.target,
        });
      }
    });
    (input.milestoneDates ?? []).forEach((change, index) => {
      const milestone = task.milestones.find((m) => m.id === change.milestoneId);
      if (!milestone) {
        errors.push({
          field: `milestoneDates.${index}.milestoneId`,
          code: 'unknown',
          message: 'Not a milestone of this task',
        });
        return;
      }
      if (change.plannedDate > dueDate) {
        errors.push({
          field: `milestoneDates.${index}.plannedDate`,
          code: 'after_due',
          message: 'Planned after the due date',
        });
      }
      if (change.plannedDate !== milestone.plannedDate) {
        (changes.milestoneDates ??= []).push({
          milestoneId: milestone.id,
          before: milestone.plannedDate,
          after: change.plannedDate,
        });
      }
    });
    if (!errors.length && Object.keys(changes).length === 0) {
      errors.push({ field: 'reason', code: 'no_change', message: 'The proposal changes nothing in the current plan' });
    }
    if (errors.length) throw problems.unprocessable(errors);
    return changes;
  }

  private loadTask(tx: EntityManager, taskId: string): Promise<Task> {
    return this.repository.lock(tx, taskId);
  }
}
