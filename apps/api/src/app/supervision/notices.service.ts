import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type CreateNoticeInput,
  type ListNoticesQuery,
  type NoticeColour,
  type Page,
  type SupervisionNoticeView,
  type TaskStatus,
  businessDateOf,
  createNoticeSchema,
  isOpenTask,
  mayAct,
  respondNoticeSchema,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Command } from '../../core/http/command';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import { NotificationsService } from '../notifications';
import { isVisibleThroughTask } from '../tasks';
import { SupervisionRecords, addresseeRelation, assertRespondByAhead } from './supervision-records';

interface NoticeRow {
  id: string;
  year: number;
  serial: number;
  task_id: string;
  task_title: string;
  department_id: string;
  colour: NoticeColour;
  text: string;
  respond_by: string;
  issued_by_id: string | null;
  urge_id: string | null;
  issued_at: Date;
  response: string | null;
  responded_at: Date | null;
  responded_by_id: string | null;
  version: number;
}

const COLUMNS = `n.id, n.year, n.serial, n.task_id, t.title AS task_title, n.department_id, n.colour, n.text,
  to_char(n.respond_by, 'YYYY-MM-DD') AS respond_by, n.issued_by_id, n.urge_id, n.issued_at, n.response,
  n.responded_at, n.responded_by_id, n.version`;
const NOTICES = new SupervisionRecords<NoticeRow, SupervisionNoticeView>({
  noun: 'supervision notice',
  alias: 'n',
  from: 'supervision_notice n JOIN task t ON t.id = n.task_id',
  columns: COLUMNS,
  at: 'n.issued_at',
  toView: (row, today) => toView(row, today),
  atOf: (notice) => notice.issuedAt,
});
// Fixed key: one 文号 at a time, so numbers are gapless per year.
const NUMBER_LOCK = 720_211_011;

/** 文号 of a notice: 高新督〔2026〕3号. */
export const noticeNumber = (year: number, serial: number) => `高新督〔${year}〕${serial}号`;

/** Issues a notice in the caller's transaction (the committee's request, or the escalation of an urge). */
export async function insertNotice(
  tx: EntityManager,
  input: { taskId: string; departmentId: string; colour: NoticeColour; text: string; respondBy: string },
  by: { issuedById: string | null; urgeId: string | null; now: Date; timeZone: string },
): Promise<string | null> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [NUMBER_LOCK]);
  const year = Number(businessDateOf(by.now, by.timeZone).slice(0, 4));
  const rows: { id: string }[] = await tx.query(
    `INSERT INTO supervision_notice (year, serial, task_id, department_id, colour, text, respond_by, issued_by_id, urge_id, issued_at)
     SELECT $1, COALESCE(max(serial), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM supervision_notice WHERE year = $1
     ON CONFLICT (urge_id) DO NOTHING RETURNING id`,
    [
      year,
      input.taskId,
      input.departmentId,
      input.colour,
      input.text,
      input.respondBy,
      by.issuedById,
      by.urgeId,
      by.now,
    ],
  );
  return rows[0]?.id ?? null;
}

/** 三色督办单: blue 提示, yellow 督办, red 挂牌督办; the lead department's head answers by the deadline. */
@Injectable()
export class NoticesService {
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

  async create(command: Command): Promise<SupervisionNoticeView> {
    const { actor } = command;
    // 403 before the body's shape: the committee alone issues notices.
    if (!mayAct(actor.role, 'none', 'notice.issue')) throw problems.forbidden();
    const input: CreateNoticeInput = command.parse(createNoticeSchema);
    return this.unitOfWork.run(async (tx) => {
      const [task]: { id: string; title: string; status: TaskStatus; lead_department_id: string }[] = await tx.query(
        `SELECT id, title, status, lead_department_id FROM task WHERE id = $1 FOR UPDATE`,
        [input.taskId],
      );
      const visible = task && (await isVisibleThroughTask(tx, actor, 'task t WHERE t.id = $1', task.id));
      if (!task || !visible) {
        throw problems.unprocessable([{ field: 'taskId', code: 'unknown', message: 'No such task' }]);
      }
      if (!isOpenTask(task.status)) {
        throw problems.conflict(`A ${task.status} task takes no supervision notice.`, []);
      }
      assertRespondByAhead(input.respondBy, this.today());
      const now = this.clock.now();
      const id = await insertNotice(
        tx,
        { ...input, departmentId: task.lead_department_id },
        { issuedById: actor.id, urgeId: null, now, timeZone: this.config.businessTimeZone },
      );
      if (!id) throw new Error('supervision_notice insert returned nothing');
      const view = await this.view(tx, id);
      await this.audit.append(tx, {
        actor,
        action: 'notice.issue',
        entityType: 'supervision_notice',
        entityId: id,
        departmentId: task.lead_department_id,
        after: {
          taskId: task.id,
          number: view.number,
          colour: input.colour,
          text: input.text,
          respondBy: input.respondBy,
        },
      });
      await this.notifications.notifyDepartments(tx, {
        departmentIds: [task.lead_department_id],
        kind: input.colour === 'red' ? 'red_notice' : 'notice',
        taskId: task.id,
        payload: {
          title: task.title,
          colour: input.colour,
          number: view.number,
          respondBy: input.respondBy,
          noticeId: id,
        },
      });
      return view;
    });
  }

  async respond(id: string, command: Command): Promise<SupervisionNoticeView> {
    const { actor } = command;
    return this.unitOfWork.run(async (tx) => {
      const row = await NOTICES.row(tx, id, true);
      if (!mayAct(actor.role, addresseeRelation(actor, row), 'notice.respond')) throw problems.forbidden();
      const input = command.parse(respondNoticeSchema);
      command.checkVersion(row.version, false);
      if (row.responded_at) throw problems.conflict('This notice is already answered.', []);
      const [task]: { status: TaskStatus }[] = await tx.query(`SELECT status FROM task WHERE id = $1`, [row.task_id]);
      // A completed or cancelled task is read-only.
      if (!task || !isOpenTask(task.status)) {
        throw problems.conflict(`A ${task?.status ?? 'closed'} task is read-only.`, []);
      }
      const now = this.clock.now();
      await tx.query(
        `UPDATE supervision_notice SET response = $2, responded_at = $3, responded_by_id = $4, version = version + 1
          WHERE id = $1`,
        [id, input.response, now, actor.id],
      );
      await this.audit.append(tx, {
        actor,
        action: 'notice.respond',
        entityType: 'supervision_notice',
        entityId: id,
        departmentId: row.department_id,
        after: { response: input.response },
      });
      return this.view(tx, id);
    });
  }

  async get(id: string): Promise<SupervisionNoticeView> {
    return this.unitOfWork.run((tx) => this.view(tx, id));
  }

  async pdf(id: string): Promise<{ view: SupervisionNoticeView; content: Buffer }> {
    const { view, department } = await this.unitOfWork.run(async (tx) => {
      const notice = await this.view(tx, id);
      const [d]: { name: string }[] = await tx.query(`SELECT name FROM department WHERE id = $1`, [
        notice.departmentId,
      ]);
      return { view: notice, department: d?.name ?? '' };
    });
    const issuedOn = businessDateOf(new Date(view.issuedAt), this.config.businessTimeZone);
    // pdfkit loads with the first printed notice: an idle api does not carry it.
    const { noticePdf } = await import('./notice-pdf');
    return { view, content: await noticePdf(view, { department, issuedOn }) };
  }

  async list(user: AuthUser, query: ListNoticesQuery): Promise<Page<SupervisionNoticeView>> {
    const today = this.today();
    const filter = NOTICES.filter(user, { taskId: query.task, department: query.department }, today);
    if (query.colour) filter.and(`n.colour = ${filter.param(query.colour)}`);
    return this.unitOfWork.run((tx) => NOTICES.page(tx, filter, query, today));
  }

  async isVisible(user: AuthUser, id: string): Promise<boolean> {
    return this.unitOfWork.run((tx) => NOTICES.isVisible(tx, user, id));
  }

  private async view(tx: EntityManager, id: string): Promise<SupervisionNoticeView> {
    return NOTICES.view(tx, id, this.today());
  }
}

function toView(r: NoticeRow, today: string): SupervisionNoticeView {
  return {
    id: r.id,
    number: noticeNumber(r.year, r.serial),
    year: r.year,
    serial: r.serial,
    taskId: r.task_id,
    taskTitle: r.task_title,
    departmentId: r.department_id,
    colour: r.colour,
    text: r.text,
    respondBy: r.respond_by,
    issuedById: r.issued_by_id,
    urgeId: r.urge_id,
    issuedAt: r.issued_at.toISOString(),
    response: r.response,
    respondedAt: r.responded_at ? r.responded_at.toISOString() : null,
    respondedById: r.responded_by_id,
    status: r.responded_at ? 'answered' : today > r.respond_by ? 'overdue' : 'open',
    version: r.version,
  };
}
