import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type NotificationKind,
  type NotificationPayload,
  type NotificationView,
  type Page,
  type Permission,
  ROLES,
  hasPermission,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { DepartmentAnnouncements } from './department-announcements';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  task_id: string | null;
  report_id: string | null;
  payload: NotificationPayload;
  created_at: Date;
  read_at: Date | null;
}

const notificationsCursor = z.tuple([cursorKey.instant, cursorKey.uuid]);

const COLUMNS = 'id, kind, task_id, report_id, payload, created_at, read_at';

function toView(r: NotificationRow): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    taskId: r.task_id,
    reportId: r.report_id,
    payload: r.payload,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

interface NotifyInput {
  kind: NotificationKind;
  taskId?: string | null;
  reportId?: string | null;
  payload?: Record<string, unknown>;
  /** Makes the notification once-only: a second insert with the same key does nothing. */
  dedupeKey?: (userId: string) => string;
}

/** In-app notifications, written in the transaction of the change that causes them. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly announcements: DepartmentAnnouncements,
  ) {}

  /**
   * Notifies the department heads and staff of the given departments (active accounts only), and
   * tells the departments' listeners (their group robots) too.
   */
  async notifyDepartments(
    tx: EntityManager,
    input: NotifyInput & { departmentIds: string[]; roles?: ('dept_head' | 'dept_staff')[] },
  ): Promise<number> {
    await this.announceToDepartments(tx, input);
    const users: { id: string }[] = await tx.query(
      `SELECT id FROM app_user WHERE department_id = ANY($1) AND role = ANY($2) AND NOT locked`,
      [input.departmentIds, input.roles ?? ['dept_head', 'dept_staff']],
    );
    return this.notifyUsers(
      tx,
      users.map((u) => u.id),
      input,
    );
  }

  /**
   * The active accounts whose role holds `permission` (the reviewers are those who may review,
   * whatever their role is called): the permissions table decides, not a role name.
   */
  async holdersOf(tx: EntityManager, permission: Permission): Promise<string[]> {
    const roles = ROLES.filter((role) => hasPermission(role, permission));
    const users: { id: string }[] = await tx.query(`SELECT id FROM app_user WHERE role = ANY($1) AND NOT locked`, [
      roles,
    ]);
    return users.map((u) => u.id);
  }

  /**
   * Tells departments' listeners (group robots) alone, for a notification whose in-app recipients
   * are chosen otherwise (an escalation goes to the head and the committee, its robot message to
   * the department's group).
   */
  async announceToDepartments(tx: EntityManager, input: NotifyInput & { departmentIds: string[] }): Promise<void> {
    await this.announcements.announce(tx, {
      departmentIds: input.departmentIds,
      kind: input.kind,
      taskId: input.taskId ?? null,
      payload: input.payload ?? {},
      dedupeKey: input.dedupeKey,
    });
  }

  async notifyUsers(tx: EntityManager, userIds: string[], input: NotifyInput): Promise<number> {
    if (!userIds.length) return 0;
    const rows: unknown[] = await tx.query(
      `WITH inserted AS (
         INSERT INTO notification (user_id, kind, task_id, report_id, payload, dedupe_key)
         SELECT u, $2, $3, $4, $5, k FROM unnest($1::uuid[], $6::text[]) AS x(u, k)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)
       SELECT id FROM inserted`,
      [
        userIds,
        input.kind,
        input.taskId ?? null,
        input.reportId ?? null,
        JSON.stringify(input.payload ?? {}),
        userIds.map((id) => (input.dedupeKey ? input.dedupeKey(id) : null)),
      ],
    );
    return rows.length;
  }

  /** The caller's notifications, newest first. */
  async list(
    user: AuthUser,
    query: { limit: number; cursor?: string; unread?: boolean },
  ): Promise<Page<NotificationView>> {
    return this.unitOfWork.run(async (tx) => {
      const params: unknown[] = [user.id];
      let where = 'user_id = $1';
      if (query.unread) where += ' AND read_at IS NULL';
      const cursor = decodeCursor(query.cursor, notificationsCursor);
      if (cursor) {
        params.push(...cursor);
        where += ` AND (created_at, id) < ($2::timestamptz, $3::uuid)`;
      }
      params.push(query.limit + 1);
      const rows: NotificationRow[] = await tx.query(
        `SELECT ${COLUMNS} FROM notification WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, query.limit).map(toView);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
      };
    });
  }

  async markRead(id: string, command: Command): Promise<NotificationView> {
    const user = command.actor;
    return this.unitOfWork.run(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `WITH marked AS (UPDATE notification SET read_at = COALESCE(read_at, now())
                          WHERE id = $1 AND user_id = $2 RETURNING id)
         SELECT id FROM marked`,
        [id, user.id],
      );
      if (!rows.length) throw problems.notFound('notification');
      const [row] = await tx.query<NotificationRow[]>(`SELECT ${COLUMNS} FROM notification WHERE id = $1`, [id]);
      if (!row) throw problems.notFound('notification');
      return toView(row);
    });
  }

  async isOwn(user: AuthUser, id: string): Promise<boolean> {
    const rows: unknown[] = await this.unitOfWork.run((tx) =>
      tx.query('SELECT 1 FROM notification WHERE id = $1 AND user_id = $2', [id, user.id]),
    );
    return rows.length > 0;
  }
}
