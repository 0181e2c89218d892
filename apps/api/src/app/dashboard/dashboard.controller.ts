import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DASHBOARD_TABLES, type DashboardView, LIST_EXPORT_FORMATS, dateSchema } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { ConcurrencyLimit } from '../../core/concurrency-limit';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { TABLE_CONTENT_TYPES, rowsOf, tableFile } from '../exports';
import { DASHBOARD_TABLE_NAMES, dashboardTable } from './dashboard-export';
import { DashboardService } from './dashboard.service';

const dashboardQuery = z
  .strictObject({
    asOf: dateSchema.optional(),
    /** A file of one table (`table=`) instead of the JSON. */
    format: z.enum(LIST_EXPORT_FORMATS).optional(),
    table: z.enum(DASHBOARD_TABLES).optional(),
  })
  .refine((q) => (q.format === undefined) === (q.table === undefined), {
    path: ['table'],
    params: { code: 'required' },
    message: 'format and table go together',
  });

/** Dashboard builds in flight at once, per kind (live, as of a date). */
export const DASHBOARD_BUILDS_AT_ONCE = 2;

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  // A build holds every visible task (the committee's: all of them) while it counts: at most two at a
  // time, the rest wait their turn (measured: 50 committee dashboards at once peaked the process at
  // 509 MB, two at a time about 300 MB; see docs/benchmarks.md). Live and as-of builds queue apart, so
  // slow as-of reads (their snapshot catch-up) never hold up the live one.
  private readonly live = new ConcurrencyLimit(DASHBOARD_BUILDS_AT_ONCE);
  private readonly past = new ConcurrencyLimit(DASHBOARD_BUILDS_AT_ONCE);

  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @Access({ permission: 'dashboard:read' })
  @ApiOperation({
    summary: 'Counts by focus area, department, status and RAG; overdue tasks; reporting compliance',
    description:
      'Scoped like task lists. `asOf=YYYY-MM-DD` (today or a past business date; a future one is 400): the ' +
      'dashboard as recorded by the status snapshots of the last period closed by the end of that date, in ' +
      'the same shape: tasks open at that close with the status, RAG and percent recorded then, tasks ' +
      'completed or cancelled by that date with their final status; drafts are not counted. ' +
      '`format=csv|xlsx` with `table=focusAreas|departments|overdue` downloads that table (Chinese headers, ' +
      'formula-injection escaped); one without the other is 400.',
  })
  @ApiQuerySchema(dashboardQuery)
  @ApiProduces('application/json', TABLE_CONTENT_TYPES.csv, TABLE_CONTENT_TYPES.xlsx)
  async get(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<DashboardView | StreamableFile> {
    const { asOf, format, table } = parseOrThrow(dashboardQuery, query);
    const view = asOf
      ? await this.past.run(() => this.dashboard.buildAsOf(user, asOf))
      : await this.live.run(() => this.dashboard.build(user));
    if (!format || !table) return view;
    const names = new Map(view.byDepartment.map((d) => [d.departmentId, d.name]));
    const { columns, rows } = dashboardTable(view, table, (id) => names.get(id) ?? id);
    const day = asOf ?? view.today;
    return tableFile(
      format,
      {
        name: `仪表盘-${DASHBOARD_TABLE_NAMES[table]}-${day}`,
        asciiName: `dashboard-${table}-${day}`,
        sheet: DASHBOARD_TABLE_NAMES[table],
      },
      columns,
      rowsOf(rows),
    );
  }
}
