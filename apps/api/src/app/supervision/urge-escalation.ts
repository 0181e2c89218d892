import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type UrgeLevel,
  type WorkingCalendar,
  acceptBy,
  addWorkingDays,
  businessDateOf,
  dueUrgeLevel,
  escalationDates,
} from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { AuditWriter } from '../audit';
import { CalendarService } from '../calendar';
import { NotificationsService } from '../notifications';
import { insertNotice } from './notices.service';

interface OpenUrgeRow {
  id: string;
  task_id: string;
  title: string;
  department_id: string;
  message: string;
  respond_by: string;
  level: UrgeLevel;
}

interface UnacceptedTaskRow {
  id: string;
  title: string;
  lead_department_id: string;
  receipt_opened_at: Date;
}

/**
 * The time-driven steps of 催办, run by the reminder job under its advisory lock (once across api
 * processes): an automatic urge for a task left unaccepted past ACCEPT_WORKING_DAYS, and the
 * escalation of unanswered urges, one level at a time, each level exactly once (a conditional
 * UPDATE on the level; the unique key of automatic urges).
 */
@Injectable()
export class UrgeEscalation {
  constructor(
    private readonly audit: AuditWriter,
    private readonly notifications: NotificationsService,
    private readonly calendar: CalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async urgeUnaccepted(tx: EntityManager, now: Date): Promise<number> {
    const calendar = await this.calendar.load(tx);
    const today = businessDateOf(now, this.config.businessTimeZone);
    // Pending receipt only: a declined task waits on the committee, not on the department.
    const tasks: UnacceptedTaskRow[] = await tx.query(
      `SELECT id, title, lead_department_id, receipt_opened_at FROM task
        WHERE status IN ('assigned', 'in_progress') AND accepted_at IS NULL AND receipt_opened_at IS NOT NULL
          AND (declined_at IS NULL OR insisted_at >= declined_at)
        ORDER BY id`,
    );
    let created = 0;
    for (const task of tasks) {
      const lastDay = acceptBy(
        task.receipt_opened_at,
        this.config.acceptWorkingDays,
        calendar,
        this.config.businessTimeZone,
      );
      if (today <= lastDay) continue;
      const respondBy = addWorkingDays(today, 1, calendar);
      const message = `任务已交办超过 ${this.config.acceptWorkingDays} 个工作日（签收期限 ${lastDay}）尚未签收，请及时签收或说明理由退办。`;
      const inserted: { id: string }[] = await tx.query(
        `INSERT INTO urge (task_id, department_id, message, respond_by, created_by_id, auto_key, created_at)
         VALUES ($1, $2, $3, $4, NULL, $5, $6)
         ON CONFLICT (auto_key) DO NOTHING RETURNING id`,
        [
          task.id,
          task.lead_department_id,
          message,
          respondBy,
          `accept:${task.id}:${task.receipt_opened_at.toISOString()}`,
          now,
        ],
      );
      const id = inserted[0]?.id;
      if (!id) continue;
      await this.audit.append(tx, {
        actor: null,
        action: 'urge.create',
        entityType: 'urge',
        entityId: id,
        departmentId: task.lead_department_id,
        after: { taskId: task.id, message, respondBy, automatic: true, reason: 'not_accepted' },
      });
      created += await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.lead_department_id],
        kind: 'urged',
        taskId: task.id,
        payload: { title: task.title, message, respondBy, urgeId: id },
      });
    }
    return created;
  }

  async escalate(tx: EntityManager, now: Date): Promise<number> {
    const calendar = await this.calendar.load(tx);
    const today = businessDateOf(now, this.config.businessTimeZone);
    const urges: OpenUrgeRow[] = await tx.query(
      `SELECT u.id, u.task_id, t.title, u.department_id, u.message, to_char(u.respond_by, 'YYYY-MM-DD') AS respond_by, u.level
         FROM urge u JOIN task t ON t.id = u.task_id
        WHERE u.responded_at IS NULL AND u.level < 3 AND u.respond_by < $1::date
          AND t.status IN ('assigned', 'in_progress')
        ORDER BY u.created_at, u.id`,
      [today],
    );
    let created = 0;
    for (const urge of urges) {
      const from = Number(urge.level) as UrgeLevel;
      const to = dueUrgeLevel({ respondBy: urge.respond_by, respondedAt: null, level: from }, today, calendar);
      if (to <= from) continue;
      // Exactly once per level: only the run that moves the level from what it read writes anything.
      const moved: unknown[] = await tx.query(
        `UPDATE urge SET level = $2, escalated_at = $3, version = version + 1
          WHERE id = $1 AND level = $4 AND responded_at IS NULL RETURNING id`,
        [urge.id, to, now, from],
      );
      if (!moved.length) continue;
      await this.audit.append(tx, {
        actor: null,
        action: 'urge.escalate',
        entityType: 'urge',
        entityId: urge.id,
        departmentId: urge.department_id,
        before: { level: from },
        after: { level: to, ...escalationDates(urge.respond_by, calendar) },
      });
      const payload = { title: urge.title, message: urge.message, respondBy: urge.respond_by, urgeId: urge.id };
      if (from < 2) {
        // Level 2: the head again, and the committee.
        const heads: { id: string }[] = await tx.query(
          `SELECT id FROM app_user WHERE department_id = $1 AND role = 'dept_head' AND NOT locked`,
          [urge.department_id],
        );
        const committee = await this.notifications.holdersOf(tx, 'urges:create');
        // The department's group robots hear of it too (once per robot: the key).
        await this.notifications.announceToDepartments(tx, {
          departmentIds: [urge.department_id],
          kind: 'urge_escalated',
          taskId: urge.task_id,
          payload: { ...payload, level: 2 },
          dedupeKey: (target) => `urge_escalated:${urge.id}:2:${target}`,
        });
        created += await this.notifications.notifyUsers(tx, [...heads.map((u) => u.id), ...committee], {
          kind: 'urge_escalated',
          taskId: urge.task_id,
          payload: { ...payload, level: 2 },
          dedupeKey: (userId) => `urge_escalated:${urge.id}:2:${userId}`,
        });
      }
      if (to === 3) created += await this.redNotice(tx, urge, payload, now, calendar);
    }
    return created;
  }

  /**
   * Level 3: a red notice (挂牌督办) on the task, once per urge, sent to the department's supervising
   * leader, else to the whole committee.
   */
  private async redNotice(
    tx: EntityManager,
    urge: OpenUrgeRow,
    payload: Record<string, unknown>,
    now: Date,
    calendar: WorkingCalendar,
  ): Promise<number> {
    const today = businessDateOf(now, this.config.businessTimeZone);
    const respondBy = addWorkingDays(today, 2, calendar);
    const text = `催办逾期未答复，现挂牌督办。原催办内容：${urge.message}`;
    const noticeId = await insertNotice(
      tx,
      { taskId: urge.task_id, departmentId: urge.department_id, colour: 'red', text, respondBy },
      { issuedById: null, urgeId: urge.id, now, timeZone: this.config.businessTimeZone },
    );
    if (noticeId) {
      await this.audit.append(tx, {
        actor: null,
        action: 'notice.issue',
        entityType: 'supervision_notice',
        entityId: noticeId,
        departmentId: urge.department_id,
        after: { taskId: urge.task_id, colour: 'red', text, respondBy, urgeId: urge.id },
      });
    }
    await this.notifications.announceToDepartments(tx, {
      departmentIds: [urge.department_id],
      kind: 'red_notice',
      taskId: urge.task_id,
      payload: { ...payload, level: 3, colour: 'red', respondBy, noticeId },
      dedupeKey: (target) => `red_notice:${urge.id}:${target}`,
    });
    const leaders: { id: string }[] = await tx.query(
      `SELECT u.id FROM department d JOIN app_user u ON u.id = d.supervising_leader_id
        WHERE d.id = $1 AND u.role = 'committee' AND NOT u.locked`,
      [urge.department_id],
    );
    const recipients = leaders.length
      ? leaders.map((u) => u.id)
      : await this.notifications.holdersOf(tx, 'urges:create');
    return this.notifications.notifyUsers(tx, recipients, {
      kind: 'red_notice',
      taskId: urge.task_id,
      payload: { ...payload, level: 3, colour: 'red', departmentId: urge.department_id, noticeId },
      dedupeKey: (userId) => `red_notice:${urge.id}:${userId}`,
    });
  }
}
