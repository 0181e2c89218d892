import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type CommentView,
  type MentionableUserView,
  type Page,
  TASK_READ_PERMISSIONS,
  createCommentSchema,
  listCommentsQuery,
  mentionableUsersQuery,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { type CommentTarget, CommentsService } from './comments.service';

const CREATE_DESCRIPTION =
  'Mentions are structured: `mentions` lists the ids of the users named (the web app puts `@name` in the text). ' +
  'Only active users who can see the task (for a report: the report) can be mentioned; any other id is 422 with ' +
  '`errors[].field` `mentions.<n>` and code `unknown` or `not_visible`. Each mentioned user is notified ' +
  '(`mentioned`). Audited (`comment.create`) and in the task history. 201 + Location.';

/**
 * The routes of one target kind (a task, or a report under `progress/`): the two controllers differ
 * only in path, resource and wording, so one decorated class serves both.
 */
function commentRoutes(
  kind: CommentTarget['kind'],
  path: string,
  summaries: { list: string; create: string; mentionable: string },
) {
  const resource = kind;

  @ApiTags('comments')
  @Controller(path)
  class CommentRoutes {
    constructor(
      readonly comments: CommentsService,
      readonly idempotency: IdempotencyService,
    ) {}

    @Get(':id/comments')
    @Access({ resource })
    @ApiOperation({ summary: summaries.list })
    @ApiQuerySchema(listCommentsQuery)
    list(@Param('id') id: string, @Query() query: unknown): Promise<Page<CommentView>> {
      return this.comments.list({ kind, id }, parseOrThrow(listCommentsQuery, query));
    }

    @Post(':id/comments')
    @Access({ resource, permission: 'comments:write' })
    @ApiOperation({ summary: summaries.create, description: CREATE_DESCRIPTION })
    @ApiBodySchema(createCommentSchema)
    create(
      @CurrentUser() user: AuthUser,
      @Param('id') id: string,
      @Req() request: Request,
      @Res({ passthrough: true }) response: Response,
    ): Promise<CommentView> {
      return this.idempotency.created<CommentView & { version?: number }>(
        request,
        response,
        user,
        createCommentSchema,
        '/api/comments',
        () => this.comments.create({ kind, id }, Command.from(user, request)),
      );
    }

    @Get(':id/mentionable-users')
    @Access({ resource, permission: 'comments:write' })
    @ApiOperation({ summary: summaries.mentionable })
    @ApiQuerySchema(mentionableUsersQuery)
    mentionable(@Param('id') id: string, @Query() query: unknown): Promise<MentionableUserView[]> {
      return this.comments.mentionable({ kind, id }, parseOrThrow(mentionableUsersQuery, query));
    }
  }
  return CommentRoutes;
}

// Named subclasses: OpenAPI operation ids and the route table name each controller.
export class TaskCommentsController extends commentRoutes('task', 'tasks', {
  list: 'Comments on the task (not on its reports), oldest first',
  create: 'Comment on the task, mentioning users who can see it',
  mentionable: 'Users who can see the task and may be mentioned on it (autocomplete, by `q`)',
}) {}

export class ReportCommentsController extends commentRoutes('report', 'progress', {
  list: 'Comments on the report, oldest first',
  create: 'Comment on the report, mentioning users who can see it',
  mentionable: 'Users who can see the report and may be mentioned on it (autocomplete, by `q`)',
}) {}

@ApiTags('comments')
@Controller('comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get(':id')
  @Access({ resource: 'comment', permission: TASK_READ_PERMISSIONS })
  @ApiOperation({ summary: 'One comment (where `Location` of a new comment points); scoped like its task or report' })
  get(@Param('id') id: string): Promise<CommentView> {
    return this.comments.get(id);
  }
}
