import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type FinalReportFacts,
  type TaskView,
  checkCloseRequest,
  isOpenTask,
  closeOutState,
  mayAct,
  rejectCloseOutSchema,
  requestCloseOutSchema,
} from '@zibo/domain';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import type { AuthUser } from '../../core/access/auth-user';
import { AuditWriter } from '../audit';
import { NotificationsService } from '../notifications';
import { TaskQueries, TaskRepository, isVisibleThroughTask, relationTo } from '../tasks';

interface OpenRequestRow {
  id: string;
  requested_by_id: string | null;
  rejected_at: Date | null;
  signed_at: Date | null;
}

/**
 * 办结销号: the lead department's head requests close-out with a closing summary once the final
 * report is approved; the committee signs it off (the `complete` command, which needs the open
 * request) or rejects it with a reason. Records of their own (close_out_request), shown on the task.
 */
@Injectable()
export class CloseOutService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly notifications: NotificationsService,
    private readonly queries: TaskQueries,
    private readonly repository: TaskRepository,
    private readonly clock: Clock,
  ) {}

  async request(taskId: string, command: Command): Promise<TaskView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.repository.lock(tx, taskId, false);
      if (!mayAct(actor.role, relationTo(actor, task), 'close.request')) throw problems.forbidden();
      const input = command.parse(requestCloseOutSchema);
      command.checkVersion(task.version, false);
      const reports: { status: FinalReportFacts['status']; final: boolean; percent_complete: number | null }[] =
        await tx.query(`SELECT status, final, percent_complete FROM progress_report WHERE task_id = $1`, [taskId]);
      const latest = await this.latest(tx, taskId);
      const check = checkCloseRequest({
        status: task.status,
        latest: latest && { rejectedAt: latest.rejected_at, signedAt: latest.signed_at },
        reports: reports.map((r) => ({ status: r.status, final: r.final, percentComplete: r.percent_complete })),
      });
      if (!check.ok) {
        if ('conflict' in check) throw problems.conflict(check.conflict, []);
        throw problems.unprocessable(check.errors, 'Close-out is requested after the final report is approved.');
      }
      const now = this.clock.now();
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO close_out_request (task_id, department_id, summary, requested_by_id, requested_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [taskId, task.leadDepartmentId, input.summary, actor.id, now],
      );
      // The task's view (its close-out) changed: a new ETag.
      await this.repository.bumpVersion(tx, task);
      await this.audit.append(tx, {
        actor,
        action: 'task.close_request',
        entityType: 'task',
        entityId: taskId,
        departmentId: task.leadDepartmentId,
        before: { closeOut: closeOutState(latest && { rejectedAt: latest.rejected_at, signedAt: latest.signed_at }) },
        after: { closeOut: 'requested', closeOutId: row?.id ?? null, summary: input.summary },
      });
      const committee: { id: string }[] = await tx.query(
        `SELECT id FROM app_user WHERE role = 'committee' AND NOT locked`,
      );
      await this.notifications.notifyUsers(
        tx,
        committee.map((u) => u.id),
        { kind: 'close_requested', taskId, payload: { title: task.title, summary: input.summary } },
      );
      return this.queries.view(tx, actor, taskId);
    });
  }

  async reject(taskId: string, command: Command): Promise<TaskView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const task = await this.repository.lock(tx, taskId, false);
      if (!mayAct(actor.role, 'none', 'close.reject')) throw problems.forbidden();
      const input = command.parse(rejectCloseOutSchema);
      command.checkVersion(task.version, false);
      const latest = await this.latest(tx, taskId);
      const state = closeOutState(latest && { rejectedAt: latest.rejected_at, signedAt: latest.signed_at });
      if (!isOpenTask(task.status) || !latest || state !== 'requested') {
        throw problems.conflict(
          isOpenTask(task.status) ? 'No close-out request is waiting.' : `A ${task.status} task is read-only.`,
          [],
        );
      }
      const now = this.clock.now();
      await tx.query(
        `UPDATE close_out_request SET rejected_at = $2, rejected_by_id = $3, reject_reason = $4 WHERE id = $1`,
        [latest.id, now, actor.id, input.reason],
      );
      // The task's view (its close-out) changed: a new ETag.
      await this.repository.bumpVersion(tx, task);
      await this.audit.append(tx, {
        actor,
        action: 'task.close_reject',
        entityType: 'task',
        entityId: taskId,
        departmentId: task.leadDepartmentId,
        before: { closeOut: 'requested' },
        after: { closeOut: 'rejected', closeOutId: latest.id, reason: input.reason },
      });
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.leadDepartmentId],
        roles: ['dept_head'],
        kind: 'close_rejected',
        taskId,
        payload: { title: task.title, reason: input.reason },
      });
      return this.queries.view(tx, actor, taskId);
    });
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.read((tx) =>
      isVisibleThroughTask(tx, user, `close_out_request co JOIN task t ON t.id = co.task_id WHERE co.id = $1`, id),
    );
  }

  private async latest(tx: EntityManager, taskId: string): Promise<OpenRequestRow | null> {
    const [row]: OpenRequestRow[] = await tx.query(
      `SELECT id, requested_by_id, rejected_at, signed_at FROM close_out_request
        WHERE task_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 1`,
      [taskId],
    );
    return row ?? null;
  }
}
