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

/** The routes of one target kind; the two controllers differ only in path and resource. */
abstract class CommentRoutes {
  protected abstract readonly kind: CommentTarget['kind'];

  constructor(
    protected readonly comments: CommentsService,
    protected readonly idempotency: IdempotencyService,
  ) {}

  protected target(id: string): CommentTarget {
    return { kind: this.kind, id };
  }

  protected createComment(id: string, user: AuthUser, request: Request, response: Response): Promise<CommentView> {
    return this.idempotency.create<CommentView & { version?: number }>(
      request,
      response,
      user,
      createCommentSchema,
      async () => {
        const comment = await this.comments.create(this.target(id), Command.from(user, request));
        return { status: 201, location: `/api/comments/${comment.id}`, body: comment };
      },
    );
  }
}

@ApiTags('comments')
@Controller('tasks')
export class TaskCommentsController extends CommentRoutes {
  protected readonly kind = 'task' as const;

  // Declared here so that Nest reads the parameter types of this (decorated) class.
  constructor(comments: CommentsService, idempotency: IdempotencyService) {
    super(comments, idempotency);
  }

  @Get(':id/comments')
  @Access({ resource: 'task' })
  @ApiOperation({ summary: 'Comments on the task (not on its reports), oldest first' })
  @ApiQuerySchema(listCommentsQuery)
  list(@Param('id') id: string, @Query() query: unknown): Promise<Page<CommentView>> {
    return this.comments.list(this.target(id), parseOrThrow(listCommentsQuery, query));
  }

  @Post(':id/comments')
  @Access({ resource: 'task', permission: 'comments:write' })
  @ApiOperation({ summary: 'Comment on the task, mentioning users who can see it', description: CREATE_DESCRIPTION })
  @ApiBodySchema(createCommentSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommentView> {
    return this.createComment(id, user, request, response);
  }

  @Get(':id/mentionable-users')
  @Access({ resource: 'task', permission: 'comments:write' })
  @ApiOperation({ summary: 'Users who can see the task and may be mentioned on it (autocomplete, by `q`)' })
  @ApiQuerySchema(mentionableUsersQuery)
  mentionable(@Param('id') id: string, @Query() query: unknown): Promise<MentionableUserView[]> {
    return this.comments.mentionable(this.target(id), parseOrThrow(mentionableUsersQuery, query));
  }
}

@ApiTags('comments')
@Controller('progress')
export class ReportCommentsController extends CommentRoutes {
  protected readonly kind = 'report' as const;

  // Declared here so that Nest reads the parameter types of this (decorated) class.
  constructor(comments: CommentsService, idempotency: IdempotencyService) {
    super(comments, idempotency);
  }

  @Get(':id/comments')
  @Access({ resource: 'report' })
  @ApiOperation({ summary: 'Comments on the report, oldest first' })
  @ApiQuerySchema(listCommentsQuery)
  list(@Param('id') id: string, @Query() query: unknown): Promise<Page<CommentView>> {
    return this.comments.list(this.target(id), parseOrThrow(listCommentsQuery, query));
  }

  @Post(':id/comments')
  @Access({ resource: 'report', permission: 'comments:write' })
  @ApiOperation({ summary: 'Comment on the report, mentioning users who can see it', description: CREATE_DESCRIPTION })
  @ApiBodySchema(createCommentSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommentView> {
    return this.createComment(id, user, request, response);
  }

  @Get(':id/mentionable-users')
  @Access({ resource: 'report', permission: 'comments:write' })
  @ApiOperation({ summary: 'Users who can see the report and may be mentioned on it (autocomplete, by `q`)' })
  @ApiQuerySchema(mentionableUsersQuery)
  mentionable(@Param('id') id: string, @Query() query: unknown): Promise<MentionableUserView[]> {
    return this.comments.mentionable(this.target(id), parseOrThrow(mentionableUsersQuery, query));
  }
}

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
