import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type DirectiveView,
  type ListDirectivesQuery,
  type Page,
  businessDateOf,
  createDirectiveSchema,
  isOpenTask,
  mayAct,
  respondDirectiveSchema,
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
import { TaskRepository } from '../tasks';
import { DIRECTIVES, toDirectiveView } from './directive-views';
import { addresseeRelation, assertRespondByAhead } from './supervision-records';

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
    private readonly tasks: TaskRepository,
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
      const task = await this.tasks.lock(tx, taskId, false);
      if (!mayAct(actor.role, relationTo(actor, task), 'directive.issue')) throw problems.forbidden();
      const input = command.parse(createDirectiveSchema);
      if (!isOpenTask(task.status)) throw problems.conflict(`A ${task.status} task takes no directive.`, []);
      assertRespondByAhead(input.respondBy, this.today());
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO directive (task_id, report_id, department_id, text, respond_by, issued_by_id, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [taskId, reportId, task.leadDepartmentId, input.text, input.respondBy, actor.id, this.clock.now()],
      );
      const id = row?.id ?? '';
      await this.audit.append(tx, {
        actor,
        action: 'directive.issue',
        entityType: 'directive',
        entityId: id,
        departmentId: task.leadDepartmentId,
        after: { taskId, reportId, text: input.text, respondBy: input.respondBy },
      });
      // The lead department's head answers it.
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.leadDepartmentId],
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
      const directive = await DIRECTIVES.row(tx, id, true);
      const task = await this.tasks.lock(tx, directive.task_id, false);
      if (!mayAct(actor.role, addresseeRelation(actor, directive), 'directive.respond')) throw problems.forbidden();
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
    const filter = DIRECTIVES.filter(user, { ...query, taskId: query.task }, today);
    return this.unitOfWork.run((tx) => DIRECTIVES.page(tx, filter, query, today));
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) => DIRECTIVES.isVisible(tx, user, id));
  }

  private async view(tx: EntityManager, id: string): Promise<DirectiveView> {
    return DIRECTIVES.view(tx, id, this.today());
  }
}
