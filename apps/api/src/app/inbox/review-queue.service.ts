import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type Page,
  type ReviewQueueItemView,
  type ReviewQueueQuery,
  complianceOf,
  deadlineOf,
  reportRevisionChanges,
} from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import type { ReportContent } from '../progress';
import { type TableCell, ZonedTimeFormat } from '../exports';
import { focusAreaOf } from '../tasks';
import { reviewQueueExportRow } from './review-queue-export';

const queueCursor = z.tuple([cursorKey.instant, cursorKey.uuid]);
// Cursors carry milliseconds; rows written by SQL's now() carry microseconds.
const EXPORT_BATCH = 500;
const SUBMITTED = `date_trunc('milliseconds', r.submitted_at)`;

interface QueueRow {
  id: string;
  period: string;
  revision: number;
  version: number;
  percent_complete: number;
  submitted_at: Date;
  first_submitted_at: Date;
  return_count: number;
  task_id: string;
  title: string;
  work_item_code: string;
  lead_department_id: string;
  current_content: ReportContent | null;
  returned_content: ReportContent | null;
}

/**
 * The committee's review queue: submitted reports across tasks, oldest submission first (index
 * ix_progress_report_status on status, submitted_at), each with what changed since the returned
 * revision when it is a resubmission. One query per page; versions are joined, not fetched per row.
 */
@Injectable()
export class ReviewQueueService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ReviewQueueQuery): Promise<Page<ReviewQueueItemView>> {
    const after = decodeCursor(query.cursor, queueCursor);
    const rows = await this.unitOfWork.run((tx) => this.page(tx, query, after, query.limit + 1));
    const items = rows.slice(0, query.limit).map((row) => this.item(row));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.submittedAt, last.reportId]) : null,
    };
  }

  /**
   * Every report the queue's filters match (limit and cursor ignored), as table rows for a CSV/XLSX
   * download, read in batches as the client takes them, in the queue's order.
   */
  async *exportRows(query: ReviewQueueQuery): AsyncGenerator<TableCell[]> {
    const names = await this.unitOfWork.run(async (tx) => ({
      departments: new Map(
        ((await tx.query('SELECT id, name FROM department')) as { id: string; name: string }[]).map((d) => [
          d.id,
          d.name,
        ]),
      ),
      workItems: new Map(
        ((await tx.query('SELECT code, name FROM work_item')) as { code: string; name: string }[]).map((w) => [
          w.code,
          w.name,
        ]),
      ),
    }));
    const time = new ZonedTimeFormat(this.config.businessTimeZone);
    let after: [string, string] | null = null;
    for (;;) {
      const from: [string, string] | null = after;
      const rows: QueueRow[] = await this.unitOfWork.run((tx) => this.page(tx, query, from, EXPORT_BATCH));
      for (const row of rows) yield reviewQueueExportRow(this.item(row), names, time);
      const last = rows[rows.length - 1];
      if (rows.length < EXPORT_BATCH || !last) return;
      after = [last.submitted_at.toISOString(), last.id];
    }
  }

  /** Up to `limit` submitted reports after `after` (submission time, id) that match the filters. */
  private page(
    tx: EntityManager,
    query: ReviewQueueQuery,
    after: readonly [string, string] | null | undefined,
    limit: number,
  ): Promise<QueueRow[]> {
    const { reportDueDay, businessTimeZone } = this.config;
    const params: unknown[] = [];
    const where = [`r.status = 'submitted'`];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.focusArea) add((p) => `t.work_item_code LIKE ${p}`, `${query.focusArea}.%`);
    if (query.department) add((p) => `t.lead_department_id = ${p}`, query.department);
    if (query.period) add((p) => `r.period = ${p}`, query.period);
    if (query.late !== undefined) {
      // The deadline of rules.md in SQL (00:00 after day REPORT_DUE_DAY of the month after the
      // period, business time), only to filter; the items carry deadlineOf()'s answer, and the
      // integration spec holds the two to the same result.
      params.push(reportDueDay, businessTimeZone);
      const deadline = `((CASE WHEN r.period LIKE '%Q%'
            THEN make_date(substr(r.period, 1, 4)::int, substr(r.period, 7, 1)::int * 3, 1)
            ELSE to_date(r.period || '-01', 'YYYY-MM-DD') END + interval '1 month')::date
          + $${params.length - 1}::int)::timestamp AT TIME ZONE $${params.length}`;
      where.push(query.late ? `r.first_submitted_at >= ${deadline}` : `r.first_submitted_at < ${deadline}`);
    }
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(${SUBMITTED}, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit);
    return tx.query(
      `SELECT r.id, r.period, r.revision, r.version, r.percent_complete, r.submitted_at, r.first_submitted_at,
              r.return_count, t.id AS task_id, t.title, t.work_item_code, t.lead_department_id,
              cur.content AS current_content, ret.content AS returned_content
         FROM progress_report r
         JOIN task t ON t.id = r.task_id
         LEFT JOIN progress_report_version cur ON cur.report_id = r.id AND cur.revision = r.revision
         LEFT JOIN progress_report_version ret
           ON ret.report_id = r.id AND ret.revision = r.revision - 1 AND ret.decision = 'return'
        WHERE ${where.join(' AND ')}
        ORDER BY ${SUBMITTED}, r.id
        LIMIT $${params.length}`,
      params,
    );
  }

  private item(row: QueueRow): ReviewQueueItemView {
    const { reportDueDay, businessTimeZone } = this.config;
    const deadline = deadlineOf(row.period, reportDueDay, businessTimeZone);
    return {
      reportId: row.id,
      taskId: row.task_id,
      taskTitle: row.title,
      workItemCode: row.work_item_code,
      focusAreaCode: focusAreaOf(row.work_item_code),
      leadDepartmentId: row.lead_department_id,
      period: row.period,
      revision: row.revision,
      version: row.version,
      percentComplete: row.percent_complete,
      submittedAt: row.submitted_at.toISOString(),
      firstSubmittedAt: row.first_submitted_at.toISOString(),
      deadline: deadline.toISOString(),
      late: complianceOf(row.first_submitted_at, deadline, row.first_submitted_at) === 'late',
      returnCount: row.return_count,
      resubmitted: row.returned_content !== null,
      changes:
        row.returned_content && row.current_content
          ? reportRevisionChanges(row.returned_content, row.current_content)
          : [],
    };
  }
}
