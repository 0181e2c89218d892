import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HistoryEntryView, Page } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { HistoryQueries, historyQuery } from './history.service';

@ApiTags('tasks')
@Controller('tasks')
export class HistoryController {
  constructor(private readonly queries: HistoryQueries) {}

  @Get(':id/history')
  @Access({ resource: 'task' })
  @ApiOperation({
    summary:
      'Every change to the task, its receipt, reports, contributions, attachments, amendments, urges, notices, directives and close-out, oldest first',
    description:
      'Other departments do not see the draft stage of a department’s report or contribution (creation, edits, ' +
      'files added, revising): only its submission and what followed.',
  })
  @ApiQuerySchema(historyQuery)
  async history(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<Page<HistoryEntryView>> {
    return this.queries.forTask(user, id, parseOrThrow(historyQuery, query));
  }
}
