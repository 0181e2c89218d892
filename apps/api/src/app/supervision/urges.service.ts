import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type ListUrgesQuery,
  type Page,
  type TaskRelation,
  type UrgeView,
  acknowledgeUrgeSchema,
  businessDateOf,
  createUrgeSchema,
  mayAct,
  respondUrgeSchema,
  taskRelation,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { NotificationsService } from '../notifications';
import { isVisibleThroughTask, visibleTaskCondition } from '../tasks';
import { URGE_COLUMNS, type UrgeRow, toUrgeView } from './urge-views';

const urgesCursor = z.tuple([cursorKey.instant, cursorKey.uuid]);

interface TaskRow {
  id: string;
  title: string;
  status: string;
  lead_department_id: string;
  co_department_ids: string[];
}

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
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private today(): string {
    return businessDateOf(this.clock.now(), this.config.businessTimeZone);
  }

  async create(taskId: string, command: Command): Promise<UrgeView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.lockTask(tx, taskId);
      if (!mayAct(actor.role, this.relation(actor, task), 'urge.create')) throw problems.forbidden();
      const input = command.parse(createUrgeSchema);
      if (task.status !== 'assigned' && task.status !== 'in_progress') {
        throw problems.conflict(`A ${task.status} task is not urged.`, []);
      }
      if (input.respondBy < this.today()) {
        throw problems.unprocessable([{ field: 'respondBy', code: 'in_past', message: 'Must be today or later' }]);
      }
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO urge (task_id, department_id, message, respond_by, created_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [taskId, task.lead_department_id, input.message, input.respondBy, actor.id, this.clock.now()],
      );
      const id = row?.id ?? '';
      await this.audit.append(tx, {
        actor,
        action: 'urge.create',
        entityType: 'urge',
        entityId: id,
        departmentId: task.lead_department_id,
        after: { taskId, message: input.message, respondBy: input.respondBy },
      });
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.lead_department_id],
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
      if (!mayAct(actor.role, this.urgedRelation(actor, urge), 'urge.acknowledge')) throw problems.forbidden();
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
      if (!mayAct(actor.role, this.urgedRelation(actor, urge), 'urge.respond')) throw problems.forbidden();
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
    return this.unitOfWork.run(async (tx) => {
      const visible = visibleTaskCondition(user, 't', 1);
      const params: unknown[] = [...visible.params];
      const where = [visible.sql];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (query.taskId) where.push(`u.task_id = ${param(query.taskId)}`);
      if (query.department) where.push(`u.department_id = ${param(query.department)}`);
      if (query.status === 'answered') where.push('u.responded_at IS NOT NULL');
      if (query.status === 'open') where.push(`u.responded_at IS NULL AND u.respond_by >= ${param(today)}::date`);
      if (query.status === 'overdue') where.push(`u.responded_at IS NULL AND u.respond_by < ${param(today)}::date`);
      const cursor = decodeCursor(query.cursor, urgesCursor);
      if (cursor) where.push(`(u.created_at, u.id) < (${param(cursor[0])}::timestamptz, ${param(cursor[1])}::uuid)`);
      const rows: UrgeRow[] = await tx.query(
        `SELECT ${URGE_COLUMNS} FROM urge u JOIN task t ON t.id = u.task_id
          WHERE ${where.join(' AND ')} ORDER BY u.created_at DESC, u.id DESC LIMIT ${param(query.limit + 1)}`,
        params,
      );
      const items = rows.slice(0, query.limit).map((r) => toUrgeView(r, today));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
      };
    });
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) =>
      isVisibleThroughTask(tx, user, `urge u JOIN task t ON t.id = u.task_id WHERE u.id = $1`, id),
    );
  }

  async view(tx: EntityManager, id: string): Promise<UrgeView> {
    const [row]: UrgeRow[] = await tx.query(
      `SELECT ${URGE_COLUMNS} FROM urge u JOIN task t ON t.id = u.task_id WHERE u.id = $1`,
      [id],
    );
    if (!row) throw problems.notFound('urge');
    return toUrgeView(row, this.today());
  }

  private relation(actor: AuthUser, task: TaskRow) {
    return taskRelation(actor.departmentId, {
      leadDepartmentId: task.lead_department_id,
      coDepartmentIds: task.co_department_ids,
    });
  }

  /** The urged department acknowledges and answers (the guard already hid the task from the unrelated). */
  private urgedRelation(actor: AuthUser, urge: UrgeRow): TaskRelation {
    return actor.departmentId !== null && actor.departmentId === urge.department_id ? 'lead' : 'none';
  }

  private async lockTask(tx: EntityManager, id: string): Promise<TaskRow> {
    const [task]: TaskRow[] = await tx.query(
      `SELECT t.id, t.title, t.status, t.lead_department_id,
              ARRAY(SELECT department_id::text FROM task_co_department WHERE task_id = t.id) AS co_department_ids
         FROM task t WHERE t.id = $1 FOR UPDATE`,
      [id],
    );
    if (!task) throw problems.notFound('task');
    return task;
  }

  private async lockUrge(tx: EntityManager, id: string): Promise<{ urge: UrgeRow; task: TaskRow }> {
    const [urge]: UrgeRow[] = await tx.query(
      `SELECT ${URGE_COLUMNS} FROM urge u JOIN task t ON t.id = u.task_id WHERE u.id = $1 FOR UPDATE OF u`,
      [id],
    );
    if (!urge) throw problems.notFound('urge');
    return { urge, task: await this.lockTask(tx, urge.task_id) };
  }
}

/** A completed or cancelled task is read-only: its urges are no longer read or answered. */
function assertOpen(task: TaskRow): void {
  if (task.status !== 'assigned' && task.status !== 'in_progress') {
    throw problems.conflict(`A ${task.status} task is read-only.`, []);
  }
}

function urgeStatusText(urge: UrgeRow, today: string): string {
  return urge.respond_by < today ? 'overdue' : 'open';
}
