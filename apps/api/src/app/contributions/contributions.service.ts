import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import {
  type ContributionView,
  type WorkflowAction,
  contributionRecord,
  createContributionSchema,
  emptyActionSchema,
  recordAccess,
  updateContributionSchema,
  checkSubmittable,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { DUPLICATES } from '../../core/problems/unique-violation';
import {
  Attachment,
  checkNewDraft,
  newDraftFields,
  assertTaskTakesReports,
  authorizeTaskAction,
  checkTaskIndicatorActuals,
  lockTaskForReporting,
  Contribution,
  toContributionView,
} from '../progress';
import { AuditWriter, changedFields } from '../audit';
import { type Task, contributionColumns, visibleRecordCondition, isVisibleThroughTask } from '../tasks';

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
      const errors = await checkNewDraft(tx, task, input, this.clock.now(), this.config.businessTimeZone);
      const departmentId = actor.departmentId as string;
      if (await tx.getRepository(Contribution).existsBy({ taskId, departmentId, period: input.period })) {
        errors.push(DUPLICATES.contributionPeriod);
      }
      if (errors.length) throw problems.unprocessable(errors);
      const repository = tx.getRepository(Contribution);
      const contribution = await repository.save(
        repository.create({ taskId, departmentId, ...newDraftFields(input, actor.id) }),
      );
      await this.audit.append(tx, {
        actor,
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
      assertTaskTakesReports(task);
      if (contribution.status !== 'draft') throw problems.conflict('A submitted contribution is frozen.', []);
      const errors = await checkTaskIndicatorActuals(tx, task.id, input.indicatorActuals ?? []);
      if (errors.length) throw problems.unprocessable(errors);
      const before = audited(contribution);
      Object.assign(contribution, input);
      const diff = changedFields(before, audited(contribution));
      if (diff) {
        await tx.getRepository(Contribution).save(contribution);
        await this.audit.append(tx, {
          actor,
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
      assertTaskTakesReports(task);
      if (contribution.status !== 'draft') throw problems.conflict('This contribution is already submitted.', []);
      const errors = checkSubmittable(contribution);
      if (errors.length) throw problems.unprocessable(errors);
      contribution.status = 'submitted';
      contribution.submittedAt = this.clock.now();
      contribution.submittedById = actor.id;
      await tx.getRepository(Contribution).save(contribution);
      await this.audit.append(tx, {
        actor,
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
   * A task's contributions the reader may see: every submitted one, and drafts only to their own
   * department (and, read-only, to those who read every task).
   */
  async listForTask(user: AuthUser, taskId: string): Promise<ContributionView[]> {
    return this.unitOfWork.run(async (tx) => {
      const visible = visibleRecordCondition(user, contributionColumns('c'), 2);
      const ids: { id: string }[] = await tx.query(
        `SELECT c.id FROM contribution c WHERE c.task_id = $1 AND ${visible.sql} ORDER BY c.period, c.created_at`,
        [taskId, ...visible.params],
      );
      const rows = await tx.getRepository(Contribution).findBy({ id: In(ids.map((row) => row.id)) });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const views: ContributionView[] = [];
      for (const { id } of ids) {
        const row = byId.get(id);
        if (row) views.push(await this.view(tx, row));
      }
      return views;
    });
  }

  async get(user: AuthUser, id: string): Promise<ContributionView> {
    return this.unitOfWork.run(async (tx) => {
      const contribution = await tx.getRepository(Contribution).findOneBy({ id });
      if (!contribution || recordAccess(user, contributionRecord(contribution)) === 'none') {
        throw problems.notFound('contribution');
      }
      return this.view(tx, contribution);
    });
  }

  /** Visible when its task is and, while a draft, only to its own department (and those who read every task). */
  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.read((tx) =>
      isVisibleThroughTask(tx, user, `contribution c JOIN task t ON t.id = c.task_id WHERE c.id = $1`, id, (first) =>
        visibleRecordCondition(user, contributionColumns('c'), first),
      ),
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
