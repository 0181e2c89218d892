import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type CommentView,
  type CreateCommentInput,
  type FieldError,
  type MentionView,
  type MentionableUserView,
  type MentionableUsersQuery,
  type Page,
  type Role,
  TASK_READ_PERMISSIONS,
  createCommentSchema,
  hasAnyPermission,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { ResourceVisibilityRegistry } from '../../core/access/resource-visibility.registry';
import { Clock } from '../../core/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { NotificationsService } from '../notifications';

/** What a comment is on: a task, or one of its reports (`progress_report`). */
export type CommentTarget = { kind: 'task'; id: string } | { kind: 'report'; id: string };

interface CommentRow {
  id: string;
  task_id: string;
  report_id: string | null;
  text: string;
  author_id: string | null;
  author_name: string | null;
  author_role: string | null;
  mentions: MentionView[] | null;
  created_at: Date;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  locked: boolean;
}

const commentsCursor = z.tuple([cursorKey.instant, cursorKey.uuid]);
const COLUMNS = `c.id, c.task_id, c.report_id, c.text, c.author_id, a.display_name AS author_name, c.author_role, c.created_at,
  (SELECT json_agg(json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name)
            ORDER BY array_position(c.mentions, u.id))
     FROM app_user u WHERE u.id = ANY (c.mentions)) AS mentions`;
// The access guard's resource names for the two targets.
const RESOURCE = { task: 'task', report: 'report' } as const;

/**
 * Comments on tasks and reports, with mentions. A mention is the id of a user who can see what is
 * commented on (the same visibility rule the access guard applies to that user); each mentioned
 * user is notified. Comments are audited and appear in the task's history.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly notifications: NotificationsService,
    private readonly visibility: ResourceVisibilityRegistry,
    private readonly clock: Clock,
  ) {}

  async create(target: CommentTarget, command: Command): Promise<CommentView> {
    const input: CreateCommentInput = command.parse(createCommentSchema);
    const mentioned = await this.checkMentions(target, input.mentions);
    const actor = command.actor;
    return this.unitOfWork.run(async (tx) => {
      const owner = await this.ownerOf(tx, target);
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO task_comment (task_id, report_id, author_id, author_role, text, mentions, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7) RETURNING id`,
        [owner.taskId, owner.reportId, actor.id, actor.role, input.text, input.mentions, this.clock.now()],
      );
      const id = row?.id as string;
      await this.audit.append(tx, {
        actor,
        action: 'comment.create',
        entityType: 'task_comment',
        entityId: id,
        departmentId: owner.leadDepartmentId,
        after: { taskId: owner.taskId, reportId: owner.reportId, text: input.text, mentions: input.mentions },
      });
      const others = mentioned.filter((u) => u.id !== actor.id).map((u) => u.id);
      await this.notifications.notifyUsers(tx, others, {
        kind: 'mentioned',
        taskId: owner.taskId,
        reportId: owner.reportId,
        payload: {
          title: owner.title,
          commentId: id,
          author: actor.displayName,
          excerpt: Array.from(input.text).slice(0, 80).join(''),
        },
      });
      return this.view(tx, id);
    });
  }

  /** Oldest first, so a thread reads top to bottom. */
  async list(target: CommentTarget, query: { limit: number; cursor?: string }): Promise<Page<CommentView>> {
    return this.unitOfWork.read(async (tx) => {
      const params: unknown[] = [target.id];
      const where = [target.kind === 'task' ? 'c.task_id = $1 AND c.report_id IS NULL' : 'c.report_id = $1'];
      const cursor = decodeCursor(query.cursor, commentsCursor);
      if (cursor) {
        params.push(...cursor);
        where.push(`(c.created_at, c.id) > ($2::timestamptz, $3::uuid)`);
      }
      params.push(query.limit + 1);
      const rows: CommentRow[] = await tx.query(
        `SELECT ${COLUMNS} FROM task_comment c LEFT JOIN app_user a ON a.id = c.author_id
          WHERE ${where.join(' AND ')} ORDER BY c.created_at, c.id LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, query.limit).map(toView);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    });
  }

  /** Active users who can see the task or report, matching `q` (username or name), for mention autocomplete. */
  async mentionable(target: CommentTarget, query: MentionableUsersQuery): Promise<MentionableUserView[]> {
    const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%';
    const candidates: UserRow[] = await this.unitOfWork.read((tx) =>
      tx.query(
        `SELECT id, username, display_name, role, department_id, locked FROM app_user
          WHERE NOT locked AND (username ILIKE $1 OR display_name ILIKE $1)
          ORDER BY department_id NULLS FIRST, username`,
        [pattern],
      ),
    );
    const result: MentionableUserView[] = [];
    for (const user of candidates) {
      if (result.length >= query.limit) break;
      if (!(await this.canSee(user, target))) continue;
      result.push({
        id: user.id,
        username: user.username,
        displayName: user.display_name,
        role: user.role,
        departmentId: user.department_id,
      });
    }
    return result;
  }

  async get(id: string): Promise<CommentView> {
    return this.unitOfWork.read((tx) => this.view(tx, id));
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    const [row]: { task_id: string; report_id: string | null }[] = await this.unitOfWork.read((tx) =>
      tx.query(`SELECT task_id, report_id FROM task_comment WHERE id = $1`, [id]),
    );
    if (!row) return false;
    return row.report_id
      ? this.visibility.isVisible('report', user, row.report_id)
      : this.visibility.isVisible('task', user, row.task_id);
  }

  /** 422 naming each mention that is no active user, or one who cannot see the target. */
  private async checkMentions(target: CommentTarget, ids: string[]): Promise<UserRow[]> {
    if (!ids.length) return [];
    const users: UserRow[] = await this.unitOfWork.read((tx) =>
      tx.query(`SELECT id, username, display_name, role, department_id, locked FROM app_user WHERE id = ANY($1)`, [
        ids,
      ]),
    );
    const errors: FieldError[] = [];
    for (const [index, id] of ids.entries()) {
      const user = users.find((u) => u.id === id);
      if (!user || user.locked) {
        errors.push({ field: `mentions.${index}`, code: 'unknown', message: 'No such active user' });
      } else if (!(await this.canSee(user, target))) {
        errors.push({
          field: `mentions.${index}`,
          code: 'not_visible',
          message: `${user.display_name} cannot see this ${target.kind === 'task' ? 'task' : 'report'}`,
        });
      }
    }
    if (errors.length) throw problems.unprocessable(errors, 'Only users who can see the task can be mentioned.');
    return users;
  }

  /** The guard's own visibility rule, asked for another user. */
  private canSee(user: UserRow, target: CommentTarget): Promise<boolean> {
    if (!hasAnyPermission(user.role, TASK_READ_PERMISSIONS)) return Promise.resolve(false);
    const reader: AuthUser = {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      departmentId: user.department_id,
    };
    return this.visibility.isVisible(RESOURCE[target.kind], reader, target.id);
  }

  private async ownerOf(
    tx: EntityManager,
    target: CommentTarget,
  ): Promise<{ taskId: string; reportId: string | null; leadDepartmentId: string; title: string }> {
    const [row]: { task_id: string; lead_department_id: string; title: string }[] =
      target.kind === 'task'
        ? await tx.query(`SELECT id AS task_id, lead_department_id, title FROM task WHERE id = $1`, [target.id])
        : await tx.query(
            `SELECT t.id AS task_id, t.lead_department_id, t.title FROM progress_report r JOIN task t ON t.id = r.task_id
              WHERE r.id = $1`,
            [target.id],
          );
    if (!row) throw problems.notFound(target.kind);
    return {
      taskId: row.task_id,
      reportId: target.kind === 'report' ? target.id : null,
      leadDepartmentId: row.lead_department_id,
      title: row.title,
    };
  }

  private async view(tx: EntityManager, id: string): Promise<CommentView> {
    const [row]: CommentRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM task_comment c LEFT JOIN app_user a ON a.id = c.author_id WHERE c.id = $1`,
      [id],
    );
    if (!row) throw problems.notFound('comment');
    return toView(row);
  }
}

function toView(r: CommentRow): CommentView {
  return {
    id: r.id,
    taskId: r.task_id,
    reportId: r.report_id,
    text: r.text,
    authorId: r.author_id,
    authorName: r.author_name,
    authorRole: r.author_role,
    mentions: r.mentions ?? [],
    createdAt: r.created_at.toISOString(),
  };
}
