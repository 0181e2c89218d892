import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type DirectiveView,
  type Page,
  TASK_READ_PERMISSIONS,
  createDirectiveSchema,
  listDirectivesQuery,
  respondDirectiveSchema,
  taskUrgesQuery,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { withEtag } from '../../core/http/etag';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { DirectivesService } from './directives.service';

const IF_MATCH = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: false };
const CREATE_DESCRIPTION =
  'A committee member’s instruction, answered by the lead department’s head by `respondBy` (a business ' +
  'date: the end of that day in the business time zone). The head is notified. 201 + Location.';

@ApiTags('directives')
@Controller()
export class DirectivesController {
  constructor(
    private readonly directives: DirectivesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('tasks/:id/directives')
  @Access({ resource: 'task' })
  @ApiOperation({ summary: '领导批示 on a task (committee)', description: CREATE_DESCRIPTION })
  @ApiBodySchema(createDirectiveSchema)
  createOnTask(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DirectiveView> {
    return this.idempotency.created(request, response, user, createDirectiveSchema, '/api/directives', () =>
      this.directives.create({ taskId: id }, Command.from(user, request)),
    );
  }

  @Post('progress/:id/directives')
  @Access({ resource: 'report' })
  @ApiOperation({ summary: '领导批示 on a progress report (committee)', description: CREATE_DESCRIPTION })
  @ApiBodySchema(createDirectiveSchema)
  createOnReport(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DirectiveView> {
    return this.idempotency.created(request, response, user, createDirectiveSchema, '/api/directives', () =>
      this.directives.create({ reportId: id }, Command.from(user, request)),
    );
  }

  @Get('tasks/:id/directives')
  @Access({ resource: 'task' })
  @ApiOperation({ summary: 'Directives of a task (and of its reports), newest first' })
  @ApiQuerySchema(taskUrgesQuery)
  listOfTask(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<Page<DirectiveView>> {
    return this.directives.list(user, { ...parseOrThrow(taskUrgesQuery, query), task: id });
  }

  @Get('directives')
  @Access({ permission: TASK_READ_PERMISSIONS })
  @ApiOperation({
    summary: 'Directives of the tasks the caller sees, newest first',
    description:
      '`status`: open (unanswered, `respondBy` not passed), answered, overdue; `department`: the lead department ' +
      'that answers; `task`: one task.',
  })
  @ApiQuerySchema(listDirectivesQuery)
  list(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<Page<DirectiveView>> {
    return this.directives.list(user, parseOrThrow(listDirectivesQuery, query));
  }

  @Get('directives/:id')
  @Access({ resource: 'directive' })
  @ApiOperation({ summary: 'One directive, with its ETag' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<DirectiveView> {
    return withEtag(response, await this.directives.get(id));
  }

  @Post('directives/:id/respond')
  @HttpCode(200)
  @Access({ resource: 'directive' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The lead department’s head answers the directive (once); 200 with the directive' })
  @ApiBodySchema(respondDirectiveSchema)
  async respond(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DirectiveView> {
    return withEtag(response, await this.directives.respond(id, Command.from(user, request)));
  }
}
