import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type Page,
  type ReviewQueueItemView,
  type ReviewQueueQuery,
  type ReviewQueueSortKey,
  complianceOf,
  deadlineOf,
  reportRevisionChanges,
} from '@zibo/domain';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { SqlFilter } from '../../core/database/sql-params';
import { KeysetSort, type SortColumn, type SortValue, sortColumn } from '../../core/http/keyset-sort';
import type { ReportContent } from '../progress';
import { type TableCell, ZonedTimeFormat } from '../exports';
import { focusAreaOf } from '../tasks';
import { reviewQueueExportRow } from './review-queue-export';

const EXPORT_BATCH = 500;
// The first day of the report's period, and the first day after it (every period's deadline is the
// same number of days after its end, so the deadline orders as the period's end does).
const PERIOD_START = `(CASE WHEN r.period LIKE '%Q%'
    THEN make_date(substr(r.period, 1, 4)::int, substr(r.period, 7, 1)::int * 3 - 2, 1)
    ELSE to_date(r.period || '-01', 'YYYY-MM-DD') END)`;
const PERIOD_END = `((CASE WHEN r.period LIKE '%Q%'
    THEN make_date(substr(r.period, 1, 4)::int, substr(r.period, 7, 1)::int * 3, 1)
    ELSE to_date(r.period || '-01', 'YYYY-MM-DD') END + interval '1 month')::date)`;

/** What `?sort=` orders the queue by (REVIEW_QUEUE_SORT_KEYS), then the report id. */
const QUEUE_SORT_COLUMNS: Record<ReviewQueueSortKey, SortColumn> = {
  submittedAt: sortColumn.instant('r.submitted_at'),
  period: sortColumn.date(PERIOD_START),
  department: sortColumn.text(`COALESCE(ld.code, '')`, 64),
  deadline: sortColumn.date(PERIOD_END),
};

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
  sort_value: SortValue;
}

/**
 * The committee's review queue: submitted reports across tasks, oldest submission first by default
 * (index ix_progress_report_status on status, submitted_at) or in `?sort=`'s order, each with what changed since the returned
 * revision when it is a resubmission. One query per page; versions are joined, not fetched per row.
 */
@Injectable()
export class ReviewQueueService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ReviewQueueQuery): Promise<Page<ReviewQueueItemView>> {
    const sort = new KeysetSort(QUEUE_SORT_COLUMNS, 'r.id', query.sort);
    const after = sort.decode(query.cursor);
    const rows = await this.unitOfWork.run((tx) => this.page(tx, query, sort, after, query.limit + 1));
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => this.item(row)),
      nextCursor: rows.length > query.limit && last ? sort.encode(sort.position(last.sort_value, last.id)) : null,
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
    const sort = new KeysetSort(QUEUE_SORT_COLUMNS, 'r.id', query.sort);
    let after: readonly [string | number, string] | null = null;
    for (;;) {
      const from = after;
      const rows: QueueRow[] = await this.unitOfWork.run((tx) => this.page(tx, query, sort, from, EXPORT_BATCH));
      for (const row of rows) yield reviewQueueExportRow(this.item(row), names, time);
      const last = rows[rows.length - 1];
      if (rows.length < EXPORT_BATCH || !last) return;
      after = sort.position(last.sort_value, last.id);
    }
  }

  /** Up to `limit` submitted reports after `after` in `sort`'s order that match the filters. */
  private page(
    tx: EntityManager,
    query: ReviewQueueQuery,
    sort: KeysetSort<ReviewQueueSortKey>,
    after: readonly [string | number, string] | null | undefined,
    limit: number,
  ): Promise<QueueRow[]> {
    const { reportDueDay, businessTimeZone } = this.config;
    const filter = new SqlFilter();
    filter.and(`r.status = 'submitted'`);
    if (query.focusArea) filter.and(`t.work_item_code LIKE ${filter.param(`${query.focusArea}.%`)}`);
    if (query.department) filter.and(`t.lead_department_id = ${filter.param(query.department)}`);
    if (query.period) filter.and(`r.period = ${filter.param(query.period)}`);
    if (query.late !== undefined) {
      // The deadline of rules.md in SQL (00:00 after day REPORT_DUE_DAY of the month after the
      // period, business time), only to filter; the items carry deadlineOf()'s answer, and the
      // integration spec holds the two to the same result.
      const deadline = `(${PERIOD_END} + ${filter.param(reportDueDay)}::int)::timestamp AT TIME ZONE ${filter.param(
        businessTimeZone,
      )}`;
      filter.and(query.late ? `r.first_submitted_at >= ${deadline}` : `r.first_submitted_at < ${deadline}`);
    }
    sort.after(filter, after);
    filter.param(limit);
    return tx.query(
      `SELECT r.id, r.period, r.revision, r.version, r.percent_complete, r.submitted_at, r.first_submitted_at,
              r.return_count, t.id AS task_id, t.title, t.work_item_code, t.lead_department_id,
              cur.content AS current_content, ret.content AS returned_content, ${sort.valueSql} AS sort_value
         FROM progress_report r
         JOIN task t ON t.id = r.task_id
         LEFT JOIN department ld ON ld.id = t.lead_department_id
         LEFT JOIN progress_report_version cur ON cur.report_id = r.id AND cur.revision = r.revision
         LEFT JOIN progress_report_version ret
           ON ret.report_id = r.id AND ret.revision = r.revision - 1 AND ret.decision = 'return'
        WHERE ${filter.sql}
        ORDER BY ${sort.orderBy}
        LIMIT $${filter.params.length}`,
      filter.params,
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
