import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type ReceiptAction,
  type TaskView,
  RECEIPT_WORKFLOW_ACTIONS,
  acceptTaskSchema,
  allowedReceiptActions,
  declineTaskSchema,
  insistTaskSchema,
  mayAct,
  receiptState,
  taskRelation,
} from '@zibo/domain';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit/audit-writer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Task } from '../tasks/task.entity';
import { TasksService, actorOf } from '../tasks/tasks.service';

const SCHEMAS = { accept: acceptTaskSchema, decline: declineTaskSchema, insist: insistTaskSchema } as const;

/**
 * 签收 receipt of an assigned task: the lead department's head accepts it or declines it with a
 * reason (退办); after a decline the committee reassigns it (an amendment of the lead department)
 * or insists. Fields of the task, never a status: an unaccepted task still owes its reports.
 */
@Injectable()
export class ReceiptService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly notifications: NotificationsService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
  ) {}

  accept(id: string, command: Command): Promise<TaskView> {
    return this.act(id, command, 'accept');
  }

  decline(id: string, command: Command): Promise<TaskView> {
    return this.act(id, command, 'decline');
  }

  insist(id: string, command: Command): Promise<TaskView> {
    return this.act(id, command, 'insist');
  }

  private async act(id: string, command: Command, action: ReceiptAction): Promise<TaskView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.lockTask(tx, id);
      const relation = taskRelation(actor.departmentId, {
        leadDepartmentId: task.leadDepartmentId,
        coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
      });
      if (!mayAct(actor.role, relation, RECEIPT_WORKFLOW_ACTIONS[action])) throw problems.forbidden();
      const input = command.parse(SCHEMAS[action]) as { reason?: string; comment?: string };
      command.checkVersion(task.version, false);
      const allowed = allowedReceiptActions(task);
      if (!allowed.includes(action)) {
        const state = receiptState(task);
        throw problems.conflict(
          state === 'not_applicable'
            ? `A ${task.status} task takes no receipt.`
            : `This task is ${state}${task.insistedAt && action === 'decline' ? ' after the committee insisted' : ''}.`,
          allowed,
        );
      }
      const now = this.clock.now();
      const before = { receiptState: receiptState(task) };
      let after: Record<string, unknown>;
      if (action === 'accept') {
        await tx.query(`UPDATE task SET accepted_at = $2, accepted_by_id = $3 WHERE id = $1`, [id, now, actor.id]);
        after = { receiptState: 'accepted', acceptedAt: now.toISOString() };
      } else if (action === 'decline') {
        await tx.query(`UPDATE task SET declined_at = $2, declined_by_id = $3, decline_reason = $4 WHERE id = $1`, [
          id,
          now,
          actor.id,
          input.reason,
        ]);
        after = { receiptState: 'declined', declinedAt: now.toISOString(), reason: input.reason };
        // 退办 goes to the committee, who reassign or insist.
        const committee: { id: string }[] = await tx.query(
          `SELECT id FROM app_user WHERE role = 'committee' AND NOT locked`,
        );
        await this.notifications.notifyUsers(
          tx,
          committee.map((u) => u.id),
          { kind: 'declined', taskId: id, payload: { title: task.title, reason: input.reason } },
        );
      } else {
        // The receipt window opens again: the lead department accepts within the limit, or is urged.
        await tx.query(
          `UPDATE task SET insisted_at = $2, insisted_by_id = $3, insist_comment = $4, receipt_opened_at = $2 WHERE id = $1`,
          [id, now, actor.id, input.comment],
        );
        after = { receiptState: 'pending', insistedAt: now.toISOString(), comment: input.comment };
        await this.notifications.notifyDepartments(tx, {
          departmentIds: [task.leadDepartmentId],
          roles: ['dept_head'],
          kind: 'insisted',
          taskId: id,
          payload: { title: task.title, comment: input.comment },
        });
      }
      await tx.query(`UPDATE task SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: `task.${action}`,
        entityType: 'task',
        entityId: id,
        departmentId: task.leadDepartmentId,
        before,
        after,
      });
      return this.tasks.view(tx, actor, id);
    });
  }

  private async lockTask(tx: EntityManager, id: string): Promise<Task> {
    const locked: unknown[] = await tx.query('SELECT 1 FROM task WHERE id = $1 FOR UPDATE', [id]);
    if (!locked.length) throw problems.notFound('task');
    const task = await tx.getRepository(Task).findOne({ where: { id }, relations: { coDepartments: true } });
    if (!task) throw problems.notFound('task');
    return task;
  }
}
