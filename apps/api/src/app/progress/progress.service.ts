import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import {
  type ContributionView,
  type Page,
  type ReportAction,
  type ReportView,
  COUNTED_REPORT_STATUSES,
  attachmentStage,
  checkFinalReport,
  checkPercentChange,
  complianceOf,
  createReportSchema,
  deadlineOf,
  emptyActionSchema,
  maySeeStage,
  recordAccess,
  reviewReportSchema,
  transitionReport,
  updateReportSchema,
  checkSubmittable,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { DUPLICATES } from '../../core/problems/unique-violation';
import { Attachment } from './attachment.entity';
import { AuditWriter, changedFields } from '../audit';
import { Contribution } from './contribution.entity';
import { toContributionView } from './contribution-views';
import { NotificationsService } from '../notifications';
import {
  type Task,
  TaskStatusRefresher,
  TaskRepository,
  reportColumns,
  visibleRecordCondition,
  isVisibleThroughTask,
} from '../tasks';
import { ProgressReport, ProgressReportVersion } from './progress-report.entity';
import { checkNewDraft, newDraftFields } from './new-draft';
import {
  assertTaskTakesReports,
  authorizeTaskAction,
  checkTaskIndicatorActuals,
  lockTaskForReporting,
} from './reporting-checks';
import {
  asLastSubmitted,
  auditedReportFields,
  contentOf,
  reportRecord,
  submittedContentOf,
  toReportView,
} from './report-views';

interface LoadedReport {
  report: ProgressReport;
  task: Task;
}

@Injectable()
export class ProgressService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly refresher: TaskStatusRefresher,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly repository: TaskRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- reading -------------------------------------------------------------------------------

  /** The task's reports the reader may see, by period, each with its submitted versions. */
  async listForTask(user: AuthUser, taskId: string): Promise<Page<ReportView>> {
    return this.unitOfWork.run(async (tx) => {
      const visible = visibleRecordCondition(user, reportColumns('r', 't'), 2);
      const rows: { id: string; lead_department_id: string }[] = await tx.query(
        `SELECT r.id, t.lead_department_id FROM progress_report r JOIN task t ON t.id = r.task_id
          WHERE r.task_id = $1 AND ${visible.sql} ORDER BY r.period`,
        [taskId, ...visible.params],
      );
      const reports = await tx.getRepository(ProgressReport).findBy({ id: In(rows.map((row) => row.id)) });
      const byId = new Map(reports.map((report) => [report.id, report]));
      const items: ReportView[] = [];
      for (const row of rows) {
        const report = byId.get(row.id);
        if (report) items.push(await this.view(tx, report, user, row.lead_department_id));
      }
      return { items, nextCursor: null };
    });
  }

  async get(user: AuthUser, id: string): Promise<ReportView> {
    return this.unitOfWork.run(async (tx) => {
      const report = await tx.getRepository(ProgressReport).findOneBy({ id });
      const lead: { lead_department_id: string }[] = report
        ? await tx.query('SELECT lead_department_id FROM task WHERE id = $1', [report.taskId])
        : [];
      const leadDepartmentId = lead[0]?.lead_department_id;
      if (!report || !leadDepartmentId) throw problems.notFound('report');
      if (recordAccess(user, reportRecord(report, leadDepartmentId)) === 'none') throw problems.notFound('report');
      return this.view(tx, report, user, leadDepartmentId);
    });
  }

  /** A report is visible when its task is and the reader may see it in its state (drafts stay in the lead department). */
  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.read((tx) =>
      isVisibleThroughTask(tx, user, `progress_report r JOIN task t ON t.id = r.task_id WHERE r.id = $1`, id, (first) =>
        visibleRecordCondition(user, reportColumns('r', 't'), first),
      ),
    );
  }

  // ---- commands ------------------------------------------------------------------------------

  /** A department drafts its period report (staff may type it for the head: 代填). */
  async create(taskId: string, command: Command): Promise<ReportView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await lockTaskForReporting(tx, taskId);
      authorizeTaskAction(actor, task, 'report.draft');
      const input = command.parse(createReportSchema);
      assertTaskTakesReports(task);
      const errors = [
        ...(await checkNewDraft(tx, task, input, this.clock.now(), this.config.businessTimeZone)),
        ...checkFinalReport(input.final ?? false, input.percentComplete ?? null),
        ...checkPercentChange(
          await this.countedPercent(tx, task.id, null),
          input.percentComplete ?? null,
          input.percentDecreaseReason,
        ),
      ];
      if (await tx.getRepository(ProgressReport).existsBy({ taskId, period: input.period })) {
        errors.push(DUPLICATES.reportPeriod);
      }
      if (errors.length) throw problems.unprocessable(errors);
      const repository = tx.getRepository(ProgressReport);
      const report = await repository.save(
        repository.create({
          taskId,
          ...newDraftFields(input, actor.id),
          final: input.final ?? false,
          percentDecreaseReason: input.percentDecreaseReason || null,
        }),
      );
      const view = await this.view(tx, report, actor, task.leadDepartmentId, { created: true });
      // Last: the audit chain's lock is held for its head read and insert only, up to the commit.
      await this.audit.append(tx, {
        actor,
        action: 'report.create',
        entityType: 'report',
        entityId: report.id,
        departmentId: task.leadDepartmentId,
        after: { taskId, ...auditedReportFields(report) },
      });
      return view;
    });
  }

  async update(id: string, command: Command): Promise<ReportView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { report, task } = await this.load(tx, id);
      authorizeTaskAction(actor, task, 'report.draft');
      const input = command.parse(updateReportSchema);
      command.checkVersion(report.version, true);
      this.assertTransition(report, 'edit');
      const before = auditedReportFields(report);
      const next = { ...contentOf(report), ...input };
      if (input.percentDecreaseReason !== undefined) next.percentDecreaseReason = input.percentDecreaseReason || null;
      const errors = [
        ...(await checkTaskIndicatorActuals(tx, task.id, next.indicatorActuals)),
        ...checkFinalReport(next.final, next.percentComplete),
        ...checkPercentChange(
          await this.countedPercent(tx, task.id, report.id),
          next.percentComplete,
          next.percentDecreaseReason,
        ),
      ];
      if (errors.length) throw problems.unprocessable(errors);
      Object.assign(report, next);
      const diff = changedFields(before, auditedReportFields(report));
      if (diff) {
        await tx.getRepository(ProgressReport).save(report);
        await this.audit.append(tx, {
          actor,
          action: 'report.update',
          entityType: 'report',
          entityId: report.id,
          departmentId: task.leadDepartmentId,
          ...diff,
        });
      }
      return this.view(tx, report, actor, task.leadDepartmentId);
    });
  }

  /** The lead department head submits: a new numbered revision, kept readable for good. */
  async submit(id: string, command: Command): Promise<ReportView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { report, task } = await this.load(tx, id);
      authorizeTaskAction(actor, task, 'report.submit');
      command.parse(emptyActionSchema);
      command.checkVersion(report.version, false);
      this.assertTransition(report, 'submit');
      assertTaskTakesReports(task);
      const errors = [
        ...checkSubmittable(report),
        ...(await checkTaskIndicatorActuals(tx, task.id, report.indicatorActuals)),
        ...checkFinalReport(report.final, report.percentComplete),
        ...checkPercentChange(
          await this.countedPercent(tx, task.id, report.id),
          report.percentComplete,
          report.percentDecreaseReason,
        ),
      ];
      if (errors.length) throw problems.unprocessable(errors);

      const now = this.clock.now();
      report.status = 'submitted';
      report.revision += 1;
      report.submittedAt = now;
      report.submittedById = actor.id;
      report.firstSubmittedAt ??= now;
      report.readyAt = null;
      report.readyById = null;
      await tx.getRepository(ProgressReport).save(report);
      await tx.getRepository(ProgressReportVersion).insert({
        reportId: report.id,
        revision: report.revision,
        content: submittedContentOf(report),
        submittedAt: now,
        submittedById: actor.id,
      });
      const compliance = complianceOf(report.firstSubmittedAt, this.deadline(report.period), now);
      await this.audit.append(tx, {
        actor,
        action: 'report.submit',
        entityType: 'report',
        entityId: report.id,
        departmentId: task.leadDepartmentId,
        before: { status: 'draft' },
        after: {
          taskId: task.id,
          status: 'submitted',
          revision: report.revision,
          period: report.period,
          compliance,
          ...contentOf(report),
        },
      });
      await this.startTask(tx, task, actor);
      await this.refresher.refresh(tx, [task.id]);
      await this.notifications.notifyUsers(tx, await this.notifications.holdersOf(tx, 'reports:review'), {
        kind: 'submitted',
        taskId: task.id,
        reportId: report.id,
        payload: { title: task.title, period: report.period },
      });
      return this.view(tx, report, actor, task.leadDepartmentId);
    });
  }

  /**
   * Lead department staff hand a draft to their head (交负责人提交): the heads are notified once and
   * it is in their inbox until submitted. Handing over again changes nothing and notifies nobody.
   */
  async markReady(id: string, command: Command): Promise<ReportView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { report, task } = await this.load(tx, id);
      authorizeTaskAction(actor, task, 'report.hand-over');
      command.parse(emptyActionSchema);
      command.checkVersion(report.version, false);
      if (report.status !== 'draft') {
        throw problems.conflict(`A ${report.status} report cannot be handed over.`, []);
      }
      assertTaskTakesReports(task);
      if (report.readyAt) return this.view(tx, report, actor, task.leadDepartmentId);
      report.readyAt = this.clock.now();
      report.readyById = actor.id;
      await tx.getRepository(ProgressReport).save(report);
      await this.audit.append(tx, {
        actor,
        action: 'report.ready',
        entityType: 'report',
        entityId: report.id,
        departmentId: task.leadDepartmentId,
        before: { readyAt: null },
        after: { taskId: task.id, period: report.period, readyAt: report.readyAt.toISOString() },
      });
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.leadDepartmentId],
        roles: ['dept_head'],
        kind: 'draft_ready',
        taskId: task.id,
        reportId: report.id,
        payload: { title: task.title, period: report.period },
        // Once per report and revision, even if a retry or a second hand-over slips through.
        dedupeKey: (userId) => `draft_ready:${report.id}:${report.revision}:${userId}`,
      });
      return this.view(tx, report, actor, task.leadDepartmentId);
    });
  }

  /** The committee approves or returns (with a comment) the submitted revision. */
  async review(id: string, command: Command): Promise<ReportView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { report, task } = await this.load(tx, id);
      authorizeTaskAction(actor, task, 'report.review');
      const input = command.parse(reviewReportSchema);
      command.checkVersion(report.version, false);
      this.assertTransition(report, input.decision);
      if (input.decision === 'return' && !input.comment?.trim()) {
        throw problems.unprocessable([
          { field: 'comment', code: 'required', message: 'Say why the report is returned' },
        ]);
      }
      const now = this.clock.now();
      report.status = input.decision === 'approve' ? 'approved' : 'returned';
      report.reviewComment = input.comment?.trim() || null;
      report.score = input.score ?? null;
      report.reviewedById = actor.id;
      report.reviewedAt = now;
      if (input.decision === 'return') report.returnCount += 1;
      await tx.getRepository(ProgressReport).save(report);
      await tx.getRepository(ProgressReportVersion).update(
        { reportId: report.id, revision: report.revision },
        {
          decision: input.decision,
          reviewComment: report.reviewComment,
          score: report.score,
          reviewedAt: now,
          reviewedById: actor.id,
        },
      );
      await this.audit.append(tx, {
        actor,
        action: input.decision === 'approve' ? 'report.approve' : 'report.return',
        entityType: 'report',
        entityId: report.id,
        departmentId: task.leadDepartmentId,
        before: { status: 'submitted' },
        after: {
          taskId: task.id,
          status: report.status,
          revision: report.revision,
          comment: report.reviewComment,
          score: report.score,
        },
      });
      await this.refresher.refresh(tx, [task.id]);
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.leadDepartmentId],
        kind: input.decision === 'approve' ? 'approved' : 'returned',
        taskId: task.id,
        reportId: report.id,
        payload: { title: task.title, period: report.period, comment: report.reviewComment },
      });
      return this.view(tx, report, actor, task.leadDepartmentId);
    });
  }

  /** A returned report goes back to draft for revision; the returned version stays readable. */
  async revise(id: string, command: Command): Promise<ReportView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const { report, task } = await this.load(tx, id);
      authorizeTaskAction(actor, task, 'report.draft');
      command.parse(emptyActionSchema);
      command.checkVersion(report.version, false);
      this.assertTransition(report, 'revise');
      report.status = 'draft';
      await tx.getRepository(ProgressReport).save(report);
      await this.audit.append(tx, {
        actor,
        action: 'report.revise',
        entityType: 'report',
        entityId: report.id,
        departmentId: task.leadDepartmentId,
        before: { status: 'returned' },
        after: { taskId: task.id, status: 'draft', revision: report.revision },
      });
      await this.refresher.refresh(tx, [task.id]);
      return this.view(tx, report, actor, task.leadDepartmentId);
    });
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * The report as `reader` may see it: as it is, or, for another department while a returned
   * report is being revised, as it stood at its last submission (the new draft is not theirs).
   */
  async view(
    tx: EntityManager,
    report: ProgressReport,
    reader: AuthUser,
    leadDepartmentId: string,
    options: { created?: boolean } = {},
  ): Promise<ReportView> {
    // A report just created has no versions and no files yet: nothing to read.
    const versions = options.created
      ? []
      : await tx.getRepository(ProgressReportVersion).find({ where: { reportId: report.id } });
    const access = recordAccess(reader, reportRecord(report, leadDepartmentId));
    const last = versions.find((v) => v.revision === report.revision);
    const shown = access === 'last-submitted' && last ? asLastSubmitted(report, last) : report;
    const attachments = (
      options.created
        ? []
        : await tx.getRepository(Attachment).find({ where: { reportId: report.id }, order: { uploadedAt: 'ASC' } })
    ).filter((a) => maySeeStage(reader, leadDepartmentId, attachmentStage(a.revision, report.revision)));
    const contributions = await tx.getRepository(Contribution).find({
      where: { taskId: report.taskId, period: report.period, status: 'submitted' },
      order: { submittedAt: 'ASC' },
    });
    const contributionViews: ContributionView[] = [];
    for (const contribution of contributions) {
      const files = await tx.getRepository(Attachment).find({ where: { contributionId: contribution.id } });
      contributionViews.push(toContributionView(contribution, files));
    }
    const deadline = this.deadline(report.period);
    return toReportView(shown, {
      versions,
      attachments,
      contributions: contributionViews,
      compliance: complianceOf(report.firstSubmittedAt, deadline, this.clock.now()),
      deadline,
    });
  }

  private deadline(period: string): Date {
    return deadlineOf(period, this.config.reportDueDay, this.config.businessTimeZone);
  }

  private async load(tx: EntityManager, id: string): Promise<LoadedReport> {
    const locked: { task_id: string }[] = await tx.query(
      'SELECT task_id FROM progress_report WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!locked[0]) throw problems.notFound('report');
    const task = await lockTaskForReporting(tx, locked[0].task_id);
    const report = await tx.getRepository(ProgressReport).findOneByOrFail({ id });
    return { report, task };
  }

  private assertTransition(report: ProgressReport, action: ReportAction): void {
    const result = transitionReport(report.status, action);
    if (!result.ok) {
      throw problems.conflict(
        `A ${report.status} report cannot take "${action}".`,
        result.allowed.filter((a) => a !== 'edit'),
      );
    }
  }

  /** The percent that counts for the task now, ignoring report `exceptId` (the one being changed). */
  private async countedPercent(tx: EntityManager, taskId: string, exceptId: string | null): Promise<number | null> {
    // The domain's latestCountedReport, in SQL: the same statuses, the same order.
    const rows: { percent_complete: number }[] = await tx.query(
      `SELECT percent_complete FROM progress_report
        WHERE task_id = $1 AND status = ANY($3) AND ($2::uuid IS NULL OR id <> $2)
        ORDER BY period DESC, submitted_at DESC NULLS LAST LIMIT 1`,
      [taskId, exceptId, COUNTED_REPORT_STATUSES],
    );
    return rows[0]?.percent_complete ?? null;
  }

  /** The first submitted report starts an assigned task (the task state machine's `start`). */
  private async startTask(tx: EntityManager, task: Task, actor: AuthUser): Promise<boolean> {
    // The task row is locked by lockTaskForReporting: its status is the one read.
    const from = await this.repository.start(tx, task);
    if (from === null) return false;
    await this.audit.append(tx, {
      actor,
      action: 'task.start',
      entityType: 'task',
      entityId: task.id,
      departmentId: task.leadDepartmentId,
      before: { status: from },
      after: { status: task.status },
    });
    return true;
  }
}
