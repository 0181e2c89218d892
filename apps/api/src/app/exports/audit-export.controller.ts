import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { AuditExportService, exportAuditQuery } from './audit-export.service';
import { EXPORT_FORMATS } from './audit-export-writer';

@ApiTags('audit')
@Controller('audit')
export class AuditExportController {
  constructor(private readonly exports: AuditExportService) {}

  @Get('export')
  @Access({ permission: 'audit:export' })
  @ApiProduces(...Object.values(EXPORT_FORMATS).map((f) => f.contentType))
  @ApiQuerySchema(exportAuditQuery)
  @ApiOperation({
    summary: 'Export the audit log (or the filtered part of it) as CSV, XLSX or PDF, streamed',
    description:
      'Same filters as /api/audit/events. CSV and XLSX carry per row `seq`, `prevHash`, `hash` and `canonical` ' +
      'verbatim, readable columns, and a final metadata section (`#meta`, and for an unfiltered export the ' +
      'latest signed `#checkpoint`); verify them offline with `npm run audit:verify -- <file>`. PDF is for reading.',
  })
  async export(@Query() query: unknown, @CurrentUser() user: AuthUser, @Res() response: Response): Promise<void> {
    await this.exports.export(parseOrThrow(exportAuditQuery, query), user, response);
  }
}
