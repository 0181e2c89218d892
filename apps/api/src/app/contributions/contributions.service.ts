import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type ContributionView,
  type WorkflowAction,
  createContributionSchema,
  emptyActionSchema,
  updateContributionSchema,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { DUPLICATES } from '../../core/problems/unique-violation';
import { Attachment } from '../attachments/attachment.entity';
import { AuditWriter } from '../audit/audit-writer.service';
import { changedFields } from '../audit/changed-fields';
import type { Task } from '../tasks/task.entity';
import {
  assertTaskTakesReports,
  authorizeTaskAction,
  checkIndicatorActuals,
  checkReportPeriod,
  lockTaskForReporting,
} from '../progress/reporting-checks';
import { actorOf } from '../tasks/tasks.service';
import { isVisibleThroughTask } from '../tasks/task-visibility';
import { Contribution } from './contribution.entity';
import { toContributionView } from './contribution-views';

const audited = (c: Contribution) => ({
  period: c.period,
  status: c.status,
  percentComplete: c.percentComplete,
  summary: c.summary,
  problems: c.problems,
  nextSteps: c.nextSteps,
  indicatorActuals: c.indicatorActuals,
});

/**
 * Co-owning departments' parts of a period report: their staff drafts, their head submits; the lead
 * department's report lists the submitted ones.
 */
@Injectable()
export class ContributionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(taskId: string, command: Command): Promise<ContributionView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await lockTaskForReporting(tx, taskId);
      authorizeTaskAction(actor, task, 'contribution.draft');
      const input = command.parse(createContributionSchema);
      assertTaskTakesReports(task);
      const errors = [
        ...checkReportPeriod(task, input.period, this.clock.now(), this.config.businessTimeZone),
        ...(await checkIndicatorActuals(tx, taskId, input.indicatorActuals ?? [])),
      ];
      const departmentId = actor.departmentId as string;
      if (await tx.getRepository(Contribution).existsBy({ taskId, departmentId, period: input.period })) {
        errors.push(DUPLICATES.contributionPeriod);
      }
      if (errors.length) throw problems.unprocessable(errors);
      const repository = tx.getRepository(Contribution);
      const contribution = await repository.save(
        repository.create({
          taskId,
          departmentId,
          period: input.period,
          status: 'draft',
          percentComplete: input.percentComplete,
          summary: input.summary,
          problems: input.problems ?? '',
          nextSteps: input.nextSteps ?? '',
          indicatorActuals: input.indicatorActuals ?? [],
          authorId: actor.id,
        }),
      );
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: 'contribution.create',
        entityType: 'contribution',
        entityId: contribution.id,
        after: { taskId, ...audited(contribution) },
      });
      return toContributionView(contribution, []);
    });
  }

  async update(id: string, command: Command): Promise<ContributionView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { contribution, task } = await this.load(tx, id);
      this.authorizeOwn(actor, task, contribution, 'contribution.draft');
      const input = command.parse(updateContributionSchema);
      command.checkVersion(contribution.version, true);
      if (contribution.status !== 'draft') throw problems.conflict('A submitted contribution is frozen.', []);
      const errors = await checkIndicatorActuals(tx, task.id, input.indicatorActuals ?? []);
      if (errors.length) throw problems.unprocessable(errors);
      const before = audited(contribution);
      Object.assign(contribution, input);
      const diff = changedFields(before, audited(contribution));
      if (diff) {
        await tx.getRepository(Contribution).save(contribution);
        await this.audit.append(tx, {
          actor: actorOf(actor),
          action: 'contribution.update',
          entityType: 'contribution',
          entityId: id,
          ...diff,
        });
      }
      return this.view(tx, contribution);
    });
  }

  async submit(id: string, command: Command): Promise<ContributionView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { contribution, task } = await this.load(tx, id);
      this.authorizeOwn(actor, task, contribution, 'contribution.submit');
      command.parse(emptyActionSchema);
      command.checkVersion(contribution.version, false);
      if (contribution.status !== 'draft') throw problems.conflict('This contribution is already submitted.', []);
      contribution.status = 'submitted';
      contribution.submittedAt = this.clock.now();
      contribution.submittedById = actor.id;
      await tx.getRepository(Contribution).save(contribution);
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: 'contribution.submit',
        entityType: 'contribution',
        entityId: id,
        before: { status: 'draft' },
        after: { status: 'submitted', taskId: task.id, period: contribution.period },
      });
      return this.view(tx, contribution);
    });
  }

  /**
   * A task's contributions: the caller's own department's, drafts included, and every department's
   * submitted ones (drafts are their authors' business until submitted).
   */
  async listForTask(user: AuthUser, taskId: string): Promise<ContributionView[]> {
    return this.unitOfWork.run(async (tx) => {
      const rows = await tx
        .getRepository(Contribution)
        .createQueryBuilder('c')
        .where('c.taskId = :taskId', { taskId })
        .andWhere("(c.status = 'submitted' OR c.departmentId = :department)", { department: user.departmentId })
        .orderBy('c.period', 'ASC')
        .addOrderBy('c.createdAt', 'ASC')
        .getMany();
      return Promise.all(rows.map((row) => this.view(tx, row)));
    });
  }

  async get(id: string): Promise<ContributionView> {
    return this.unitOfWork.run(async (tx) => {
      const contribution = await tx.getRepository(Contribution).findOneBy({ id });
      if (!contribution) throw problems.notFound('contribution');
      return this.view(tx, contribution);
    });
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) =>
      isVisibleThroughTask(tx, user, `contribution c JOIN task t ON t.id = c.task_id WHERE c.id = $1`, id),
    );
  }

  private async view(tx: EntityManager, contribution: Contribution): Promise<ContributionView> {
    const files = await tx.getRepository(Attachment).find({ where: { contributionId: contribution.id } });
    return toContributionView(contribution, files);
  }

  private async load(tx: EntityManager, id: string): Promise<{ contribution: Contribution; task: Task }> {
    const contribution = await tx
      .getRepository(Contribution)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!contribution) throw problems.notFound('contribution');
    return { contribution, task: await lockTaskForReporting(tx, contribution.taskId) };
  }

  /** Only the contributing department itself edits or submits its contribution. */
  private authorizeOwn(actor: AuthUser, task: Task, contribution: Contribution, action: WorkflowAction): void {
    authorizeTaskAction(actor, task, action);
    if (actor.departmentId !== contribution.departmentId) throw problems.forbidden();
  }
}
