import { Controller, Get, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type LedgerView, type RankingView, ledgerQuerySchema, rankingQuerySchema } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { ledgerCsv } from './ledger-csv';
import { ledgerXlsx } from './ledger-xlsx';
import { LedgerService } from './ledger.service';
import { rowsOf, tableFile } from '../exports';
import { RANKING_COLUMNS, rankingRows } from './ranking-export';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(
    private readonly ledgers: LedgerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('ledger')
  @Access({ permission: 'ledger:read' })
  @ApiOperation({
    summary: '督办台账: per department, every task it leads or co-owns that owed or filed the period’s report',
    description:
      '`period=YYYY-MM` covers what closes at that month’s deadline: the month of monthly tasks and, in March, ' +
      'June, September and December, the quarter of quarterly ones. Per task: lead and co-owners, due date, ' +
      'milestones planned/done by the period’s end, the report’s first submission and compliance (on time, ' +
      'late, missing), every revision’s review decision, comment and score, the status at the close (from its ' +
      'status snapshot; computed now while the period is open) with overdue days, and the task’s score by the ' +
      'ranking formula. `format=csv|xlsx|pdf` downloads it; CSV (UTF-8 with BOM) and XLSX carry the audit chain ' +
      'head (seq, hash) in every line, the PDF prints it; the JSON has it as `chainHead`, and every format sends ' +
      '`X-Audit-Chain-Seq` / `X-Audit-Chain-Hash`. A period not begun yet is 422; so is an unknown department. ' +
      '`leadDepartment=<id>` keeps the tasks that department leads; `compliance=on_time|late|missing` keeps the ' +
      'tasks the dashboard counts with that compliance (open now and owing the period): together they list ' +
      'exactly the tasks a dashboard compliance number counts, in JSON and files alike. ' +
      'A file download is audited as `ledger.export` (format, period, department, leadDepartment, compliance).',
  })
  @ApiProduces('application/json', CONTENT_TYPES.csv, CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf)
  @ApiQuerySchema(ledgerQuerySchema)
  async ledger(
    @CurrentUser() user: AuthUser,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LedgerView | StreamableFile> {
    const { period, department, leadDepartment, compliance, format } = parseOrThrow(ledgerQuerySchema, query);
    const view = await this.ledgers.ledger(period, department, { leadDepartmentId: leadDepartment, compliance });
    if (view.chainHead) {
      response.setHeader('X-Audit-Chain-Seq', String(view.chainHead.seq));
      response.setHeader('X-Audit-Chain-Hash', view.chainHead.hash);
    }
    if (format === 'json') return view;
    const zone = this.config.businessTimeZone;
    const content =
      format === 'csv'
        ? ledgerCsv(view, zone)
        : format === 'xlsx'
          ? await ledgerXlsx(view, zone)
          : await (await import('./ledger-pdf')).ledgerPdf(view, zone); // pdfkit loads on first use
    await this.ledgers.recordExport(user, {
      format,
      period,
      departmentId: department,
      leadDepartmentId: leadDepartment,
      compliance,
      chainHead: view.chainHead,
    });
    const scope =
      (department || leadDepartment ? `-${view.departments[0]?.code ?? 'department'}` : '') +
      (compliance ? `-${compliance}` : '');
    return new StreamableFile(content, {
      type: CONTENT_TYPES[format],
      disposition: `attachment; filename="ledger-${period}${scope}.${format}"`,
      length: content.length,
    });
  }

  @Get('ranking')
  @Access({ permission: 'ledger:read' })
  @ApiOperation({
    summary: '考核排名: departments ranked by score for a period, each with its inputs and the formula version',
    description:
      'Scores the tasks each department leads in the ledger of `period=YYYY-MM` by the versioned formula ' +
      '`formula` (returned in full): anyone can recompute `score` from `inputs`. Equal scores share a rank; ' +
      'departments without tasks come last, unranked. `format=csv|xlsx` downloads the table (Chinese headers).',
  })
  @ApiQuerySchema(rankingQuerySchema)
  @ApiProduces('application/json', CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  async ranking(@Query() query: unknown): Promise<RankingView | StreamableFile> {
    const { period, format } = parseOrThrow(rankingQuerySchema, query);
    const view = await this.ledgers.ranking(period);
    if (!format) return view;
    return tableFile(
      format,
      { name: `考核排名-${period}`, asciiName: `ranking-${period}`, sheet: '考核排名' },
      RANKING_COLUMNS,
      rowsOf(rankingRows(view)),
    );
  }
}
