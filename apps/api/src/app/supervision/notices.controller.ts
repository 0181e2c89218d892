import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type Page,
  type SupervisionNoticeView,
  TASK_READ_PERMISSIONS,
  createNoticeSchema,
  listNoticesQuery,
  noticeFormatQuery,
  respondNoticeSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { setEtag } from '../../core/http/etag';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { NoticesService } from './notices.service';

const IF_MATCH = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: false };

@ApiTags('supervision-notices')
@Controller('supervision-notices')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @Access({ permission: 'notices:issue' })
  @ApiOperation({
    summary: '三色督办单: the committee issues a blue (提示), yellow (督办) or red (挂牌督办) notice on a task',
    description:
      'Numbered per year (文号). The lead department is notified and answers by `respondBy`. 201 + Location.',
  })
  @ApiBodySchema(createNoticeSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SupervisionNoticeView> {
    return this.idempotency.created(request, response, user, createNoticeSchema, '/api/supervision-notices', () =>
      this.notices.create(Command.from(user, request)),
    );
  }

  @Get()
  @Access({ permission: TASK_READ_PERMISSIONS })
  @ApiOperation({ summary: 'Supervision notices of the tasks the caller sees, newest first' })
  @ApiQuerySchema(listNoticesQuery)
  list(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<Page<SupervisionNoticeView>> {
    return this.notices.list(user, parseOrThrow(listNoticesQuery, query));
  }

  @Get(':id')
  @Access({ resource: 'supervision_notice' })
  @ApiOperation({ summary: 'One notice; `format=pdf` prints it (A4, with its 文号)' })
  @ApiProduces('application/json', 'application/pdf')
  @ApiQuerySchema(noticeFormatQuery)
  async get(
    @Param('id') id: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SupervisionNoticeView | StreamableFile> {
    const { format } = parseOrThrow(noticeFormatQuery, query);
    if (format === 'pdf') {
      const { view, content } = await this.notices.pdf(id);
      return new StreamableFile(content, {
        type: 'application/pdf',
        disposition: `attachment; filename="notice-${view.year}-${view.serial}.pdf"`,
        length: content.length,
      });
    }
    const notice = await this.notices.get(id);
    setEtag(response, notice.version);
    return notice;
  }

  @Post(':id/respond')
  @HttpCode(200)
  @Access({ resource: 'supervision_notice' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The noticed department’s head answers the notice (once)' })
  @ApiBodySchema(respondNoticeSchema)
  async respond(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SupervisionNoticeView> {
    const notice = await this.notices.respond(id, Command.from(user, request));
    setEtag(response, notice.version);
    return notice;
  }
}
