import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type ListUrgesQuery,
  type Page,
  type UrgeView,
  acknowledgeUrgeSchema,
  businessDateOf,
  createUrgeSchema,
  isOpenTask,
  mayAct,
  respondUrgeSchema,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { NotificationsService } from '../notifications';
import { relationTo } from '../tasks';
import type { Task } from '../tasks';
import { TaskRepository } from '../tasks';
import { URGES, type UrgeRow } from './urge-views';
import { addresseeRelation, assertRespondByAhead } from './supervision-records';

/**
 * 催办: the committee urges a task's lead department to act by a date; the department acknowledges
 * (who read it, when) and its head answers. Unanswered, the reminder job escalates it (urge-escalation.ts).
 */
@Injectable()
export class UrgesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly notifications: NotificationsService,
    private readonly tasks: TaskRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private today(): string {
    return businessDateOf(this.clock.now(), this.config.businessTimeZone);
  }

  async create(taskId: string, command: Command): Promise<UrgeView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.tasks.lock(tx, taskId, false);
      if (!mayAct(actor.role, relationTo(actor, task), 'urge.create')) throw problems.forbidden();
      const input = command.parse(createUrgeSchema);
      if (!isOpenTask(task.status)) {
        throw problems.conflict(`A ${task.status} task is not urged.`, []);
      }
      assertRespondByAhead(input.respondBy, this.today());
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO urge (task_id, department_id, message, respond_by, created_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [taskId, task.leadDepartmentId, input.message, input.respondBy, actor.id, this.clock.now()],
      );
      const id = row?.id ?? '';
      await this.audit.append(tx, {
        actor,
        action: 'urge.create',
        entityType: 'urge',
        entityId: id,
        departmentId: task.leadDepartmentId,
        after: { taskId, message: input.message, respondBy: input.respondBy },
      });
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.leadDepartmentId],
        kind: 'urged',
        taskId,
        payload: { title: task.title, message: input.message, respondBy: input.respondBy, urgeId: id },
      });
      return this.view(tx, id);
    });
  }

  async acknowledge(id: string, command: Command): Promise<UrgeView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { urge, task } = await this.lockUrge(tx, id);
      if (!mayAct(actor.role, addresseeRelation(actor, urge), 'urge.acknowledge')) throw problems.forbidden();
      command.parse(acknowledgeUrgeSchema);
      command.checkVersion(urge.version, false);
      assertOpen(task);
      // The first reader is recorded; reading it again changes nothing.
      if (urge.acknowledged_at) return this.view(tx, id);
      const now = this.clock.now();
      await tx.query(
        `UPDATE urge SET acknowledged_at = $2, acknowledged_by_id = $3, version = version + 1 WHERE id = $1`,
        [id, now, actor.id],
      );
      await this.audit.append(tx, {
        actor,
        action: 'urge.acknowledge',
        entityType: 'urge',
        entityId: id,
        departmentId: urge.department_id,
        after: { acknowledgedAt: now.toISOString() },
      });
      return this.view(tx, id);
    });
  }

  async respond(id: string, command: Command): Promise<UrgeView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { urge, task } = await this.lockUrge(tx, id);
      if (!mayAct(actor.role, addresseeRelation(actor, urge), 'urge.respond')) throw problems.forbidden();
      const input = command.parse(respondUrgeSchema);
      command.checkVersion(urge.version, false);
      if (urge.responded_at) throw problems.conflict('This urge is already answered.', []);
      assertOpen(task);
      const now = this.clock.now();
      await tx.query(
        `UPDATE urge SET response = $2, responded_at = $3, responded_by_id = $4,
                acknowledged_at = COALESCE(acknowledged_at, $3), acknowledged_by_id = COALESCE(acknowledged_by_id, $4),
                version = version + 1
          WHERE id = $1`,
        [id, input.response, now, actor.id],
      );
      await this.audit.append(tx, {
        actor,
        action: 'urge.respond',
        entityType: 'urge',
        entityId: id,
        departmentId: urge.department_id,
        before: { status: urgeStatusText(urge, this.today()) },
        after: { status: 'answered', response: input.response },
      });
      // The committee member who urged reads the answer; an automatic urge's goes to the committee.
      const recipients = urge.created_by_id
        ? [urge.created_by_id]
        : await this.notifications.holdersOf(tx, 'urges:create');
      await this.notifications.notifyUsers(tx, recipients, {
        kind: 'urge_answered',
        taskId: urge.task_id,
        payload: { title: task.title, response: input.response, urgeId: id },
      });
      return this.view(tx, id);
    });
  }

  async get(id: string): Promise<UrgeView> {
    return this.unitOfWork.run((tx) => this.view(tx, id));
  }

  /** Urges of the tasks the caller sees, newest first. */
  async list(user: AuthUser, query: ListUrgesQuery & { taskId?: string }): Promise<Page<UrgeView>> {
    const today = this.today();
    return this.unitOfWork.run((tx) => URGES.page(tx, URGES.filter(user, query, today), query, today));
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) => URGES.isVisible(tx, user, id));
  }

  async view(tx: EntityManager, id: string): Promise<UrgeView> {
    return URGES.view(tx, id, this.today());
  }

  private async lockUrge(tx: EntityManager, id: string): Promise<{ urge: UrgeRow; task: Task }> {
    const urge = await URGES.row(tx, id, true);
    return { urge, task: await this.tasks.lock(tx, urge.task_id, false) };
  }
}

/** A completed or cancelled task is read-only: its urges are no longer read or answered. */
function assertOpen(task: Task): void {
  if (!isOpenTask(task.status)) {
    throw problems.conflict(`A ${task.status} task is read-only.`, []);
  }
}

function urgeStatusText(urge: UrgeRow, today: string): string {
  return urge.respond_by < today ? 'overdue' : 'open';
}
