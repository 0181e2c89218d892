import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type DashboardView, dateSchema } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { DashboardService } from './dashboard.service';

const dashboardQuery = z.strictObject({ asOf: dateSchema.optional() });

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @Access({ permission: 'dashboard:read' })
  @ApiOperation({
    summary: 'Counts by focus area, department, status and RAG; overdue tasks; reporting compliance',
    description:
      'Scoped like task lists. `asOf=YYYY-MM-DD` (today or a past business date; a future one is 400): the ' +
      'dashboard as recorded by the status snapshots of the last period closed by the end of that date, in ' +
      'the same shape: tasks open at that close with the status, RAG and percent recorded then, tasks ' +
      'completed or cancelled by that date with their final status; drafts are not counted.',
  })
  @ApiQuerySchema(dashboardQuery)
  get(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<DashboardView> {
    const { asOf } = parseOrThrow(dashboardQuery, query);
    return asOf ? this.dashboard.buildAsOf(user, asOf) : this.dashboard.build(user);
  }
}
