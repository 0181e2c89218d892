import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type BulletinContent,
  type BulletinListItemView,
  type BulletinNoticeItem,
  type BulletinStatus,
  type BulletinUrgeItem,
  type BulletinView,
  type CreateBulletinInput,
  type HighlightCandidate,
  type ListBulletinsQuery,
  type NoticeColour,
  type Page,
  type Period,
  type UrgeLevel,
  assembleBulletin,
  bulletinNumber,
  bulletinTitle,
  businessDateOf,
  createBulletinSchema,
  hasPermission,
  periodRange,
  publishBulletinSchema,
  updateBulletinSchema,
  urgeStatus,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { SqlFilter } from '../../core/database/sql-params';
import type { Command } from '../../core/http/command';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { LedgerService } from '../ledger';
import { NotificationsService } from '../notifications';
import { noticeNumber } from '../supervision';

interface BulletinRow {
  id: string;
  period: string;
  status: BulletinStatus;
  title: string;
  narrative: string;
  content: BulletinContent;
  year: number | null;
  serial: number | null;
  created_at: Date;
  created_by_id: string | null;
  updated_at: Date;
  published_at: Date | null;
  published_by_id: string | null;
  version: number;
}

const COLUMNS = `id, period, status, title, narrative, content, year, serial, created_at, created_by_id, updated_at,
  published_at, published_by_id, version`;
const bulletinsCursor = z.tuple([cursorKey.text(7), cursorKey.uuid]);
// Fixed key: one 文号 at a time, so bulletin numbers are gapless per year.
const NUMBER_LOCK = 720_211_012;

/** Who sees drafts: the committee, which writes bulletins. Everyone else reads published ones only. */
const seesDrafts = (user: AuthUser) => hasPermission(user.role, 'bulletins:manage');

/**
 * 督查通报: the committee's monthly bulletin. Its figures are computed from the ledger and the
 * ranking of the month (assembleBulletin in the domain) and kept as a snapshot; the committee
 * edits the narrative and title while it is a draft, then publishes it with a 文号. Published
 * bulletins are read by every department: an intended exception to task scoping (a bulletin names
 * other departments' red items; that is its purpose).
 */
@Injectable()
export class BulletinsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly ledger: LedgerService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(command: Command): Promise<BulletinView> {
    const input: CreateBulletinInput = command.parse(createBulletinSchema);
    const content = await this.compute(input.period);
    return this.unitOfWork.run(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO bulletin (period, title, content, created_by_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (period) DO NOTHING RETURNING id`,
        [input.period, bulletinTitle(input.period), JSON.stringify(content), command.actor.id, this.clock.now()],
      );
      const id = rows[0]?.id;
      if (!id) {
        throw problems.unprocessable([
          { field: 'period', code: 'exists', message: 'This month has a bulletin already: edit or refresh it' },
        ]);
      }
      await this.audit.append(tx, {
        actor: command.actor,
        action: 'bulletin.draft',
        entityType: 'bulletin',
        entityId: id,
        after: { period: input.period, title: bulletinTitle(input.period), totals: content.totals },
      });
      return this.view(tx, id);
    });
  }

  async update(id: string, command: Command): Promise<BulletinView> {
    const input = command.parse(updateBulletinSchema);
    const current = await this.unitOfWork.read((tx) => this.row(tx, id));
    command.checkVersion(current.version, true);
    if (current.status !== 'draft') throw problems.conflict('A published bulletin is not edited.', []);
    const content = input.refresh ? await this.compute(current.period) : null;
    return this.unitOfWork.run(async (tx) => {
      const row = await this.row(tx, id, true);
      command.checkVersion(row.version, true);
      if (row.status !== 'draft') throw problems.conflict('A published bulletin is not edited.', []);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (input.title !== undefined && input.title !== row.title) {
        before['title'] = row.title;
        after['title'] = input.title;
      }
      if (input.narrative !== undefined && input.narrative !== row.narrative) {
        before['narrative'] = row.narrative;
        after['narrative'] = input.narrative;
      }
      if (content) {
        before['generatedAt'] = row.content.generatedAt;
        after['generatedAt'] = content.generatedAt;
        after['totals'] = content.totals;
      }
      await tx.query(
        `UPDATE bulletin SET title = $2, narrative = $3, content = COALESCE($4::jsonb, content), updated_at = $5,
                version = version + 1 WHERE id = $1`,
        [
          id,
          input.title ?? row.title,
          input.narrative ?? row.narrative,
          content ? JSON.stringify(content) : null,
          this.clock.now(),
        ],
      );
      await this.audit.append(tx, {
        actor: command.actor,
        action: 'bulletin.update',
        entityType: 'bulletin',
        entityId: id,
        before,
        after,
      });
      return this.view(tx, id);
    });
  }

  async publish(id: string, command: Command): Promise<BulletinView> {
    command.parse(publishBulletinSchema);
    return this.unitOfWork.run(async (tx) => {
      const row = await this.row(tx, id, true);
      command.checkVersion(row.version, false);
      if (row.status !== 'draft') throw problems.conflict('This bulletin is published already.', []);
      await tx.query('SELECT pg_advisory_xact_lock($1)', [NUMBER_LOCK]);
      const now = this.clock.now();
      const year = Number(businessDateOf(now, this.config.businessTimeZone).slice(0, 4));
      const [numbered]: { serial: number }[] = await tx.query(
        `WITH numbered AS (
           UPDATE bulletin SET status = 'published', year = $2,
                  serial = (SELECT COALESCE(max(serial), 0) + 1 FROM bulletin WHERE year = $2),
                  published_at = $3, published_by_id = $4, updated_at = $3, version = version + 1
            WHERE id = $1 RETURNING serial)
         SELECT serial FROM numbered`,
        [id, year, now, command.actor.id],
      );
      const number = bulletinNumber(year, Number(numbered?.serial));
      await this.audit.append(tx, {
        actor: command.actor,
        action: 'bulletin.publish',
        entityType: 'bulletin',
        entityId: id,
        before: { status: 'draft' },
        after: { status: 'published', number, period: row.period },
      });
      const departments: { id: string }[] = await tx.query(`SELECT id FROM department WHERE active`);
      await this.notifications.notifyDepartments(tx, {
        departmentIds: departments.map((d) => d.id),
        roles: ['dept_head'],
        kind: 'bulletin_published',
        payload: { title: row.title, number, period: row.period, bulletinId: id },
        dedupeKey: (userId) => `bulletin_published:${id}:${userId}`,
      });
      return this.view(tx, id);
    });
  }

  async get(id: string): Promise<BulletinView> {
    return this.unitOfWork.read((tx) => this.view(tx, id));
  }

  /** Department names for the printed bulletin (the addressees). */
  async departmentNames(): Promise<string[]> {
    const rows: { name: string }[] = await this.unitOfWork.read((tx) =>
      tx.query(`SELECT name FROM department WHERE active ORDER BY code`),
    );
    return rows.map((r) => r.name);
  }

  /** Newest month first; departments and auditors see published bulletins only. */
  async list(user: AuthUser, query: ListBulletinsQuery): Promise<Page<BulletinListItemView>> {
    return this.unitOfWork.read(async (tx) => {
      const filter = new SqlFilter();
      if (!seesDrafts(user)) filter.and(`status = 'published'`);
      if (query.status) filter.and(`status = ${filter.param(query.status)}`);
      if (query.period) filter.and(`period = ${filter.param(query.period)}`);
      const cursor = decodeCursor(query.cursor, bulletinsCursor);
      if (cursor) {
        filter.after(
          [
            ['period', cursor[0]],
            ['id', cursor[1], 'uuid'],
          ],
          'desc',
        );
      }
      const limit = filter.param(query.limit + 1);
      const rows: BulletinRow[] = await tx.query(
        `SELECT ${COLUMNS} FROM bulletin WHERE ${filter.sql} ORDER BY period DESC, id DESC LIMIT ${limit}`,
        filter.params,
      );
      const items = rows.slice(0, query.limit).map((r): BulletinListItemView => {
        const { content, ...rest } = toView(r);
        return { ...rest, totals: content.totals };
      });
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.period, last.id]) : null };
    });
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    if (!hasPermission(user.role, 'bulletins:read')) return false;
    const rows: unknown[] = await this.unitOfWork.read((tx) =>
      tx.query(`SELECT 1 FROM bulletin WHERE id = $1 AND ($2 OR status = 'published')`, [id, seesDrafts(user)]),
    );
    return rows.length > 0;
  }

  /** The figures of a month, from the ledger and ranking of that month and the month's urges, notices and approved reports. */
  private async compute(period: Period): Promise<BulletinContent> {
    const ledger = await this.ledger.ledger(period, undefined);
    const ranking = await this.ledger.ranking(period);
    const zone = this.config.businessTimeZone;
    const { first, last } = periodRange(period);
    const today = businessDateOf(this.clock.now(), zone);
    const reportIds = ledger.departments.flatMap((d) =>
      d.tasks.filter((t) => t.role === 'lead' && t.report?.status === 'approved').map((t) => t.report?.id as string),
    );
    return this.unitOfWork.read(async (tx) => {
      const areas: { code: string; name: string }[] = await tx.query(
        `SELECT code, name FROM focus_area ORDER BY position`,
      );
      // Issued within the month (business dates), with the department urged and the task's title.
      const urges: {
        task_id: string;
        title: string;
        department_id: string;
        code: string;
        name: string;
        level: number;
        created_by_id: string | null;
        created_at: Date;
        respond_by: string;
        responded_at: Date | null;
      }[] = await tx.query(
        `SELECT u.task_id, t.title, u.department_id, d.code, d.name, u.level, u.created_by_id, u.created_at,
                to_char(u.respond_by, 'YYYY-MM-DD') AS respond_by, u.responded_at
           FROM urge u JOIN task t ON t.id = u.task_id JOIN department d ON d.id = u.department_id
          WHERE (u.created_at AT TIME ZONE $1)::date BETWEEN $2::date AND $3::date
          ORDER BY u.created_at, u.id`,
        [zone, first, last],
      );
      const notices: {
        task_id: string;
        title: string;
        department_id: string;
        code: string;
        name: string;
        year: number;
        serial: number;
        colour: NoticeColour;
        issued_at: Date;
        respond_by: string;
        responded_at: Date | null;
      }[] = await tx.query(
        `SELECT n.task_id, t.title, n.department_id, d.code, d.name, n.year, n.serial, n.colour, n.issued_at,
                to_char(n.respond_by, 'YYYY-MM-DD') AS respond_by, n.responded_at
           FROM supervision_notice n JOIN task t ON t.id = n.task_id JOIN department d ON d.id = n.department_id
          WHERE (n.issued_at AT TIME ZONE $1)::date BETWEEN $2::date AND $3::date
          ORDER BY n.issued_at, n.year, n.serial`,
        [zone, first, last],
      );
      // The approved revision of each approved report of the month: what the committee accepted.
      const approved: HighlightCandidate[] = reportIds.length
        ? (
            await tx.query<
              {
                report_id: string;
                task_id: string;
                summary: string | null;
                percent: number | null;
                score: number | null;
              }[]
            >(
              `SELECT DISTINCT ON (v.report_id) v.report_id, r.task_id, v.content ->> 'summary' AS summary,
                      (v.content ->> 'percentComplete')::int AS percent, v.score
                 FROM progress_report_version v JOIN progress_report r ON r.id = v.report_id
                WHERE v.report_id = ANY($1) AND v.decision = 'approve'
                ORDER BY v.report_id, v.revision DESC`,
              [reportIds],
            )
          ).map((r) => ({
            taskId: r.task_id,
            reportId: r.report_id,
            summary: r.summary ?? '',
            percentComplete: r.percent ?? 0,
            score: r.score,
          }))
        : [];
      return assembleBulletin({
        ledger,
        ranking,
        areas,
        urges: urges.map((u): BulletinUrgeItem => ({
          taskId: u.task_id,
          taskTitle: u.title,
          department: { id: u.department_id, code: u.code, name: u.name },
          level: Number(u.level) as UrgeLevel,
          automatic: u.created_by_id === null,
          createdAt: u.created_at.toISOString(),
          status: urgeStatus({ respondBy: u.respond_by, respondedAt: u.responded_at }, today),
        })),
        notices: notices.map((n): BulletinNoticeItem => ({
          taskId: n.task_id,
          taskTitle: n.title,
          department: { id: n.department_id, code: n.code, name: n.name },
          number: noticeNumber(n.year, n.serial),
          colour: n.colour,
          issuedAt: n.issued_at.toISOString(),
          status: urgeStatus({ respondBy: n.respond_by, respondedAt: n.responded_at }, today),
        })),
        highlights: approved,
      });
    });
  }

  private async row(tx: EntityManager, id: string, lock = false): Promise<BulletinRow> {
    const [row]: BulletinRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM bulletin WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw problems.notFound('bulletin');
    return row;
  }

  private async view(tx: EntityManager, id: string): Promise<BulletinView> {
    return toView(await this.row(tx, id));
  }
}

function toView(r: BulletinRow): BulletinView {
  return {
    id: r.id,
    period: r.period,
    status: r.status,
    title: r.title,
    narrative: r.narrative,
    number: r.year !== null && r.serial !== null ? bulletinNumber(r.year, r.serial) : null,
    year: r.year,
    serial: r.serial,
    content: r.content,
    createdAt: r.created_at.toISOString(),
    createdById: r.created_by_id,
    updatedAt: r.updated_at.toISOString(),
    publishedAt: r.published_at ? r.published_at.toISOString() : null,
    publishedById: r.published_by_id,
    version: r.version,
  };
}
