import { Injectable } from '@nestjs/common';
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
} from '@zibo/domain';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { NotificationsService } from '../notifications';
import { relationTo, TaskQueries, TaskRepository } from '../tasks';

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
    private readonly repository: TaskRepository,
    private readonly queries: TaskQueries,
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
      const task = await this.repository.lock(tx, id);
      if (!mayAct(actor.role, relationTo(actor, task), RECEIPT_WORKFLOW_ACTIONS[action])) throw problems.forbidden();
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
        await this.repository.recordReceipt(tx, task, { action, at: now, byId: actor.id });
        after = { receiptState: 'accepted', acceptedAt: now.toISOString() };
      } else if (action === 'decline') {
        const reason = input.reason as string;
        await this.repository.recordReceipt(tx, task, { action, at: now, byId: actor.id, reason });
        after = { receiptState: 'declined', declinedAt: now.toISOString(), reason };
        // 退办 goes to the committee, who reassign or insist.
        await this.notifications.notifyUsers(tx, await this.notifications.holdersOf(tx, 'tasks:insist'), {
          kind: 'declined',
          taskId: id,
          payload: { title: task.title, reason },
        });
      } else {
        const comment = input.comment as string;
        await this.repository.recordReceipt(tx, task, { action, at: now, byId: actor.id, comment });
        after = { receiptState: 'pending', insistedAt: now.toISOString(), comment };
        await this.notifications.notifyDepartments(tx, {
          departmentIds: [task.leadDepartmentId],
          roles: ['dept_head'],
          kind: 'insisted',
          taskId: id,
          payload: { title: task.title, comment },
        });
      }
      const view = await this.queries.viewOf(tx, actor, task);
      // Last: the audit chain's lock is held for its head read and insert only, up to the commit.
      await this.audit.append(tx, {
        actor,
        action: `task.${action}`,
        entityType: 'task',
        entityId: id,
        departmentId: task.leadDepartmentId,
        before,
        after,
      });
      return view;
    });
  }
}
