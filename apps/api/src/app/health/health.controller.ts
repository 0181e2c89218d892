import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../core/access/access.decorator';
import { DATABASE_STATUS, databaseAnswers, type DatabaseStatus } from '../../core/database/database-status';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../core/problems/database-errors';

export interface HealthView {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  embeddedDatabase: boolean;
  /** False when the api's database role could rewrite the audit log (one URL for both roles). */
  auditAppendOnlyEnforced: boolean;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_STATUS) private readonly status: DatabaseStatus,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '200 when the database answers, 503 otherwise' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthView> {
    const up = await databaseAnswers(this.dataSource);
    response.status(up ? 200 : 503);
    if (!up) response.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return {
      status: up ? 'ok' : 'unavailable',
      database: up ? 'up' : 'down',
      embeddedDatabase: this.status.embedded,
      auditAppendOnlyEnforced: this.status.appendOnlyEnforced,
    };
  }
}
