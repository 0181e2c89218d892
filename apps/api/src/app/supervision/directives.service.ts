import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type DirectiveView,
  type ListDirectivesQuery,
  type Page,
  type TaskRelation,
  businessDateOf,
  createDirectiveSchema,
  isOpenTask,
  mayAct,
  respondDirectiveSchema,
  taskRelation,
  type TaskStatus,
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
import { DIRECTIVE_COLUMNS, DIRECTIVE_JOINS, type DirectiveRow, toDirectiveView } from './directive-views';

const directivesCursor = z.tuple([cursorKey.instant, cursorKey.uuid]);

interface TaskRow {
  id: string;
  title: string;
  status: TaskStatus;
  lead_department_id: string;
  co_department_ids: string[];
}

/**
 * 领导批示: a committee member writes an instruction on a task or on one of its reports, with the
 * date by which the lead department's head answers it. Pending directives show on the task and in
 * the head's inbox.
 */
@Injectable()
export class DirectivesService {
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

  /** On the task (`reportId` null) or on one of its reports. */
  async create(target: { taskId: string } | { reportId: string }, command: Command): Promise<DirectiveView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      let reportId: string | null = null;
      let taskId: string;
      if ('reportId' in target) {
        const [report]: { task_id: string; period: string }[] = await tx.query(
          `SELECT task_id, period FROM progress_report WHERE id = $1`,
          [target.reportId],
        );
        if (!report) throw problems.notFound('report');
        reportId = target.reportId;
        taskId = report.task_id;
      } else {
        taskId = target.taskId;
      }
      const task = await this.lockTask(tx, taskId);
      if (!mayAct(actor.role, this.relation(actor, task), 'directive.issue')) throw problems.forbidden();
      const input = command.parse(createDirectiveSchema);
      if (!isOpenTask(task.status)) throw problems.conflict(`A ${task.status} task takes no directive.`, []);
      if (input.respondBy < this.today()) {
        throw problems.unprocessable([{ field: 'respondBy', code: 'in_past', message: 'Must be today or later' }]);
      }
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO directive (task_id, report_id, department_id, text, respond_by, issued_by_id, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [taskId, reportId, task.lead_department_id, input.text, input.respondBy, actor.id, this.clock.now()],
      );
      const id = row?.id ?? '';
      await this.audit.append(tx, {
        actor,
        action: 'directive.issue',
        entityType: 'directive',
        entityId: id,
        departmentId: task.lead_department_id,
        after: { taskId, reportId, text: input.text, respondBy: input.respondBy },
      });
      // The lead department's head answers it.
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.lead_department_id],
        roles: ['dept_head'],
        kind: 'directive',
        taskId,
        reportId,
        payload: { title: task.title, text: input.text, respondBy: input.respondBy, directiveId: id },
      });
      return this.view(tx, id);
    });
  }

  async respond(id: string, command: Command): Promise<DirectiveView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const [directive]: DirectiveRow[] = await tx.query(
        `SELECT ${DIRECTIVE_COLUMNS} FROM directive d JOIN task t ON t.id = d.task_id ${DIRECTIVE_JOINS}
          WHERE d.id = $1 FOR UPDATE OF d`,
        [id],
      );
      if (!directive) throw problems.notFound('directive');
      const task = await this.lockTask(tx, directive.task_id);
      const relation: TaskRelation =
        actor.departmentId !== null && actor.departmentId === directive.department_id ? 'lead' : 'none';
      if (!mayAct(actor.role, relation, 'directive.respond')) throw problems.forbidden();
      const input = command.parse(respondDirectiveSchema);
      command.checkVersion(directive.version, false);
      if (directive.responded_at) throw problems.conflict('This directive is already answered.', []);
      // A completed or cancelled task is read-only.
      if (!isOpenTask(task.status)) throw problems.conflict(`A ${task.status} task is read-only.`, []);
      const now = this.clock.now();
      const before = toDirectiveView(directive, this.today()).status;
      await tx.query(
        `UPDATE directive SET response = $2, responded_at = $3, responded_by_id = $4, version = version + 1
          WHERE id = $1`,
        [id, input.response, now, actor.id],
      );
      await this.audit.append(tx, {
        actor,
        action: 'directive.respond',
        entityType: 'directive',
        entityId: id,
        departmentId: directive.department_id,
        before: { status: before },
        after: { status: 'answered', response: input.response },
      });
      if (directive.issued_by_id) {
        await this.notifications.notifyUsers(tx, [directive.issued_by_id], {
          kind: 'directive_answered',
          taskId: directive.task_id,
          payload: { title: task.title, response: input.response, directiveId: id },
        });
      }
      return this.view(tx, id);
    });
  }

  async get(id: string): Promise<DirectiveView> {
    return this.unitOfWork.run((tx) => this.view(tx, id));
  }

  /** Directives of the tasks the caller sees, newest first. */
  async list(user: AuthUser, query: ListDirectivesQuery): Promise<Page<DirectiveView>> {
    const today = this.today();
    return this.unitOfWork.run(async (tx) => {
      const visible = visibleTaskCondition(user, 't', 1);
      const params: unknown[] = [...visible.params];
      const where = [visible.sql];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (query.task) where.push(`d.task_id = ${param(query.task)}`);
      if (query.department) where.push(`d.department_id = ${param(query.department)}`);
      if (query.status === 'answered') where.push('d.responded_at IS NOT NULL');
      if (query.status === 'open') where.push(`d.responded_at IS NULL AND d.respond_by >= ${param(today)}::date`);
      if (query.status === 'overdue') where.push(`d.responded_at IS NULL AND d.respond_by < ${param(today)}::date`);
      const cursor = decodeCursor(query.cursor, directivesCursor);
      if (cursor) where.push(`(d.issued_at, d.id) < (${param(cursor[0])}::timestamptz, ${param(cursor[1])}::uuid)`);
      const rows: DirectiveRow[] = await tx.query(
        `SELECT ${DIRECTIVE_COLUMNS} FROM directive d JOIN task t ON t.id = d.task_id ${DIRECTIVE_JOINS}
          WHERE ${where.join(' AND ')} ORDER BY d.issued_at DESC, d.id DESC LIMIT ${param(query.limit + 1)}`,
        params,
      );
      const items = rows.slice(0, query.limit).map((r) => toDirectiveView(r, today));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.issuedAt, last.id]) : null,
      };
    });
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) =>
      isVisibleThroughTask(tx, user, `directive d JOIN task t ON t.id = d.task_id WHERE d.id = $1`, id),
    );
  }

  private async view(tx: EntityManager, id: string): Promise<DirectiveView> {
    const [row]: DirectiveRow[] = await tx.query(
      `SELECT ${DIRECTIVE_COLUMNS} FROM directive d JOIN task t ON t.id = d.task_id ${DIRECTIVE_JOINS} WHERE d.id = $1`,
      [id],
    );
    if (!row) throw problems.notFound('directive');
    return toDirectiveView(row, this.today());
  }

  private relation(actor: AuthUser, task: TaskRow) {
    return taskRelation(actor.departmentId, {
      leadDepartmentId: task.lead_department_id,
      coDepartmentIds: task.co_department_ids,
    });
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
}
