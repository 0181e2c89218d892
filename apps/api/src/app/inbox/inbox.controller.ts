import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type InboxCountsView,
  type InboxItemView,
  type Page,
  type ReviewQueueItemView,
  inboxCountsQuerySchema,
  inboxQuerySchema,
  reviewQueueQuerySchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { TABLE_CONTENT_TYPES, tableFile } from '../exports';
import { InboxService } from './inbox.service';
import { REVIEW_QUEUE_EXPORT_COLUMNS } from './review-queue-export';
import { ReviewQueueService } from './review-queue.service';

@ApiTags('inbox')
@Controller()
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly reviewQueue: ReviewQueueService,
  ) {}

  @Get('inbox')
  @Access({ permission: 'inbox:read' })
  @ApiOperation({
    summary: 'What you must act on (待办), or with done=true what you did (已办)',
    description:
      'Items with a `kind`: report_owed / report_overdue (the lead department’s report for the current or the last ' +
      'closed period, with its deadline), draft_waiting_for_head (staff handed a draft over), report_returned, ' +
      'report_submitted_for_review and amendment_pending (committee), contribution_owed (a co-owning department’s ' +
      'contribution for the current or the last closed period, not yet submitted, with its deadline). Overdue first, then by deadline, items ' +
      'without one last, oldest first. Done items come from your own audited actions, newest first.',
  })
  @ApiQuerySchema(inboxQuerySchema)
  list(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<Page<InboxItemView>> {
    return this.inbox.list(user, parseOrThrow(inboxQuerySchema, query));
  }

  @Get('inbox/counts')
  @Access({ permission: 'inbox:read' })
  @ApiOperation({ summary: 'How many to-do items you have, overdue ones and per kind (navigation badges)' })
  @ApiQuerySchema(inboxCountsQuerySchema)
  counts(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<InboxCountsView> {
    parseOrThrow(inboxCountsQuerySchema, query);
    return this.inbox.counts(user);
  }

  @Get('review-queue')
  @Access({ permission: 'review-queue:read' })
  @ApiOperation({
    summary: 'Submitted reports waiting for review, oldest submission first (committee; auditors read it)',
    description:
      'Filters: focusArea, department (the lead department), period, late (first submitted after the deadline). ' +
      '`sort`: submittedAt (default), period (its first day), department (the lead department’s code), deadline; ' +
      '`-` before the key for descending; ties by report id in the same direction; a cursor made under another ' +
      'sort → 400 `cursor`; the download keeps `sort`. ' +
      'A resubmission lists the fields changed since the returned revision. `format=csv|xlsx` downloads every ' +
      'matching report (limit and cursor ignored), streamed, Chinese headers, times in business time, cells ' +
      'starting with = + - @ tab or CR prefixed with a quote against formula injection. Like the task list ' +
      'and dashboard downloads (and unlike the ledger and the audit log) a download is not an audit event.',
  })
  @ApiQuerySchema(reviewQueueQuerySchema)
  @ApiProduces('application/json', TABLE_CONTENT_TYPES.csv, TABLE_CONTENT_TYPES.xlsx)
  reviewQueueList(@Query() query: unknown): Promise<Page<ReviewQueueItemView>> | StreamableFile {
    const parsed = parseOrThrow(reviewQueueQuerySchema, query);
    if (!parsed.format) return this.reviewQueue.list(parsed);
    return tableFile(
      parsed.format,
      { name: '审核队列', asciiName: 'review-queue', sheet: '审核队列' },
      REVIEW_QUEUE_EXPORT_COLUMNS,
      this.reviewQueue.exportRows(parsed),
    );
  }
}
