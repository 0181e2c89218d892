import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Page, type StatusSnapshotView, snapshotsQuerySchema } from '@zibo/domain';
import { Access } from '../../core/access/access.decorator';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { SnapshotService } from './snapshot.service';

@ApiTags('tasks')
@Controller('tasks')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotService) {}

  @Get(':id/snapshots')
  @Access({ resource: 'task' })
  @ApiOperation({
    summary: "The task's status at the close of each period it owed a report for, oldest first",
    description:
      'Taken at each period deadline (`takenAt`): RAG, overdue, percent, expected percent, reasons, the ' +
      "period's compliance and indicator actuals, and `inputs`: everything computeRag() was given then.",
  })
  @ApiQuerySchema(snapshotsQuerySchema)
  list(@Param('id') id: string, @Query() query: unknown): Promise<Page<StatusSnapshotView>> {
    const { limit, cursor } = parseOrThrow(snapshotsQuerySchema, query);
    return this.snapshots.list(id, limit, cursor);
  }
}
