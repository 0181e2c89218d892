import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { DashboardView } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { problems } from '../../core/problems/problem.exception';
import { DashboardService } from './dashboard.service';

const dashboardQuery = z.strictObject({ asOf: z.iso.date({ message: 'Must be a date YYYY-MM-DD' }).optional() });

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @Access({ permission: 'dashboard:read' })
  @ApiOperation({
    summary: 'Counts by focus area, department, status and RAG; overdue tasks; reporting compliance',
    description: 'Scoped like task lists. `asOf` (a past date) needs status snapshots, which do not exist yet: 400.',
  })
  @ApiQuerySchema(dashboardQuery)
  get(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<DashboardView> {
    const { asOf } = parseOrThrow(dashboardQuery, query);
    if (asOf) {
      throw problems.invalid([
        {
          field: 'asOf',
          code: 'unsupported',
          message: 'Dashboards as of a past date need status snapshots (not yet recorded)',
        },
      ]);
    }
    return this.dashboard.build(user);
  }
}
