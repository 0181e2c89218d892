import { Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type BulletinListItemView,
  type BulletinView,
  type Page,
  bulletinFormatQuery,
  createBulletinSchema,
  listBulletinsQuery,
  publishBulletinSchema,
  updateBulletinSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { setEtag } from '../../core/http/etag';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { BulletinDocumentsService } from './bulletin-documents.service';
import { BulletinsService } from './bulletins.service';

const IF_MATCH_REQUIRED = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: true };
const IF_MATCH = { ...IF_MATCH_REQUIRED, required: false };

@ApiTags('bulletins')
@Controller('bulletins')
export class BulletinsController {
  constructor(
    private readonly bulletins: BulletinsService,
    private readonly documents: BulletinDocumentsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @Access({ permission: 'bulletins:manage' })
  @ApiOperation({
    summary: '督查通报: the committee drafts the bulletin of a month from the data',
    description:
      'The figures (counts by focus area, red and overdue items with their lead departments, reporting compliance, ' +
      'the ranking, urges and notices issued in the month, quotes from approved reports) come from the ledger and ' +
      'the ranking of `period` and are kept as a snapshot (`content`). One bulletin per month: a second is 422 ' +
      '`exists` on `period`. 201 + Location.',
  })
  @ApiBodySchema(createBulletinSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BulletinView> {
    return this.idempotency.create(request, response, user, createBulletinSchema, async () => {
      const bulletin = await this.bulletins.create(Command.from(user, request));
      setEtag(response, bulletin.version);
      return { status: 201, location: `/api/bulletins/${bulletin.id}`, body: bulletin };
    });
  }

  @Get()
  @Access({ permission: 'bulletins:read' })
  @ApiOperation({
    summary: 'Bulletins, newest month first',
    description:
      'The committee sees drafts and published bulletins; every other role reading business data sees published ones ' +
      'only (of every department: an intended exception to task scoping). Items carry `totals`, not the whole content.',
  })
  @ApiQuerySchema(listBulletinsQuery)
  list(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<Page<BulletinListItemView>> {
    return this.bulletins.list(user, parseOrThrow(listBulletinsQuery, query));
  }

  @Get(':id')
  @Access({ resource: 'bulletin', permission: 'bulletins:read' })
  @ApiOperation({
    summary:
      'One bulletin; `format=pdf|docx` prints it as an official bulletin (masthead, 文号, title, sections); ' +
      'a download is audited as `bulletin.export`',
    description: 'A draft is 404 to everyone but the committee.',
  })
  @ApiProduces(
    'application/json',
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  )
  @ApiQuerySchema(bulletinFormatQuery)
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BulletinView | StreamableFile> {
    const { format } = parseOrThrow(bulletinFormatQuery, query);
    if (format !== 'json') {
      const file = await this.documents.render(user, id, format);
      return new StreamableFile(file.content, {
        type: file.type,
        disposition: `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.title)}`,
        length: file.content.length,
      });
    }
    const bulletin = await this.bulletins.get(id);
    setEtag(response, bulletin.version);
    return bulletin;
  }

  @Patch(':id')
  @Access({ resource: 'bulletin', permission: 'bulletins:manage' })
  @ApiHeader(IF_MATCH_REQUIRED)
  @ApiOperation({
    summary: 'Edit a draft bulletin: title, narrative, or `refresh: true` to recompute its figures from the data',
    description: 'Drafts only (409 once published). If-Match required.',
  })
  @ApiBodySchema(updateBulletinSchema)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BulletinView> {
    const bulletin = await this.bulletins.update(id, Command.from(user, request));
    setEtag(response, bulletin.version);
    return bulletin;
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Access({ resource: 'bulletin', permission: 'bulletins:manage' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Publish a draft bulletin: it gets its 文号 (高新督通〔year〕n号, numbered per year) and every department head is notified',
  })
  @ApiBodySchema(publishBulletinSchema)
  async publish(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BulletinView> {
    const bulletin = await this.bulletins.publish(id, Command.from(user, request));
    setEtag(response, bulletin.version);
    return bulletin;
  }
}
