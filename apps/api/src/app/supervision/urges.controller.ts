import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type Page,
  type UrgeView,
  TASK_READ_PERMISSIONS,
  acknowledgeUrgeSchema,
  createUrgeSchema,
  listUrgesQuery,
  respondUrgeSchema,
  taskUrgesQuery,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { withEtag } from '../../core/http/etag';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { UrgesService } from './urges.service';

const IF_MATCH = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: false };

@ApiTags('urges')
@Controller()
export class UrgesController {
  constructor(
    private readonly urges: UrgesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('tasks/:id/urges')
  @Access({ resource: 'task' })
  @ApiOperation({
    summary: '催办: the committee urges the lead department to answer by `respondBy` (201 + Location)',
    description:
      'The lead department is notified. Unanswered, the urge escalates: the day after `respondBy` (level 2: the ' +
      'head again and the committee), two working days later (level 3: a red notice to the supervising leader).',
  })
  @ApiBodySchema(createUrgeSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UrgeView> {
    return this.idempotency.created(request, response, user, createUrgeSchema, '/api/urges', () =>
      this.urges.create(id, Command.from(user, request)),
    );
  }

  @Get('tasks/:id/urges')
  @Access({ resource: 'task' })
  @ApiOperation({ summary: 'Urges of a task, newest first' })
  @ApiQuerySchema(taskUrgesQuery)
  listOfTask(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: unknown): Promise<Page<UrgeView>> {
    return this.urges.list(user, { ...parseOrThrow(taskUrgesQuery, query), taskId: id });
  }

  @Get('urges')
  @Access({ permission: TASK_READ_PERMISSIONS })
  @ApiOperation({
    summary: 'Urges of the tasks the caller sees, newest first',
    description: '`status`: open (unanswered, `respondBy` not passed), answered, overdue; `department`: the urged one.',
  })
  @ApiQuerySchema(listUrgesQuery)
  list(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<Page<UrgeView>> {
    return this.urges.list(user, parseOrThrow(listUrgesQuery, query));
  }

  @Get('urges/:id')
  @Access({ resource: 'urge' })
  @ApiOperation({ summary: 'One urge, with its ETag' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<UrgeView> {
    return withEtag(response, await this.urges.get(id));
  }

  @Post('urges/:id/acknowledge')
  @HttpCode(200)
  @Access({ resource: 'urge' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The urged department (head or staff) has read the urge: who and when, the first time' })
  @ApiBodySchema(acknowledgeUrgeSchema)
  async acknowledge(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UrgeView> {
    return withEtag(response, await this.urges.acknowledge(id, Command.from(user, request)));
  }

  @Post('urges/:id/respond')
  @HttpCode(200)
  @Access({ resource: 'urge' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The urged department’s head answers the urge; escalation stops' })
  @ApiBodySchema(respondUrgeSchema)
  async respond(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UrgeView> {
    return withEtag(response, await this.urges.respond(id, Command.from(user, request)));
  }
}
