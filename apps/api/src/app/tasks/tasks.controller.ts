import { Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type Page,
  type TaskListItemView,
  type TaskTotalsView,
  type TaskView,
  TASK_READ_PERMISSIONS,
  cancelTaskSchema,
  createTaskSchema,
  emptyActionSchema,
  listTasksQuerySchema,
  taskTotalsQuerySchema,
  updateTaskSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { withEtag } from '../../core/http/etag';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { TABLE_CONTENT_TYPES, tableFile } from '../exports';
import { TASK_EXPORT_COLUMNS } from './task-export';
import { TaskQueries } from './task-queries.service';
import { TasksService } from './tasks.service';

const IF_MATCH = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: false };

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly queries: TaskQueries,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get()
  @Access({ permission: TASK_READ_PERMISSIONS })
  @ApiOperation({
    summary: 'Tasks you may see, ordered by `sort` (due date by default)',
    description:
      'Department heads and staff see the non-draft tasks their department leads or co-owns. ' +
      '`sort`: dueDate, title, leadDepartment (its code), status (lifecycle order), rag (red, amber, green, none), ' +
      'percentComplete, updatedAt; `-` before the key for descending; ties by id in the same direction. The cursor ' +
      'belongs to the sort it was made under (another sort → 400 `cursor`). ' +
      '`format=csv|xlsx` downloads every matching task (limit and cursor ignored), streamed, Chinese headers, ' +
      'cells starting with = + - @ tab or CR prefixed with a quote against formula injection; the file keeps `sort`.',
  })
  @ApiQuerySchema(listTasksQuerySchema)
  @ApiProduces('application/json', TABLE_CONTENT_TYPES.csv, TABLE_CONTENT_TYPES.xlsx)
  async list(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<Page<TaskListItemView> | StreamableFile> {
    const parsed = parseOrThrow(listTasksQuerySchema, query);
    if (!parsed.format) return this.queries.list(user, parsed);
    return tableFile(
      parsed.format,
      { name: '督办任务', asciiName: 'tasks', sheet: '督办任务' },
      TASK_EXPORT_COLUMNS,
      this.queries.exportRows(user, parsed),
    );
  }

  @Get('totals')
  @Access({ permission: TASK_READ_PERMISSIONS })
  @ApiOperation({
    summary: 'How many tasks the list’s filters match: in total, per RAG, per status, overdue',
    description:
      'The same filters and scoping as `GET /api/tasks` (no paging, order or format): the list’s totals line, ' +
      'counted in one statement.',
  })
  @ApiQuerySchema(taskTotalsQuerySchema)
  totals(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<TaskTotalsView> {
    return this.queries.totals(user, parseOrThrow(taskTotalsQuerySchema, query));
  }

  @Post()
  @Access({ permission: 'tasks:create' })
  @ApiOperation({ summary: 'Create a task (draft) for a work item', description: 'Accepts Idempotency-Key.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBodySchema(createTaskSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return this.idempotency.created(request, response, user, createTaskSchema, '/api/tasks', () =>
      this.tasks.create(Command.from(user, request)),
    );
  }

  @Get(':id')
  // The detail's one statement reads the task only if the caller may see it (TaskQueries.get).
  @Access({ resource: 'task', checkedByRead: true })
  @ApiOperation({ summary: 'A task with milestones, indicators (latest actuals), latest report, RAG and overdue' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.queries.get(user, id));
  }

  @Patch(':id')
  @Access({ resource: 'task' })
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOperation({
    summary: 'Change a task',
    description:
      'Committee: any field while draft; after assignment title, description, co-owners, milestone titles and done ' +
      'dates (plan fields → 422, use an amendment). Lead department head: milestone done dates only.',
  })
  @ApiBodySchema(updateTaskSchema)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.tasks.update(id, Command.from(user, request)));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'draft → assigned: the departments are notified and start reporting' })
  @ApiBodySchema(emptyActionSchema)
  async assign(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.tasks.assign(id, Command.from(user, request)));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: '→ completed, after a final report at 100 % was approved' })
  @ApiBodySchema(emptyActionSchema)
  async complete(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.tasks.complete(id, Command.from(user, request)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: '→ cancelled, with a reason' })
  @ApiBodySchema(cancelTaskSchema)
  async cancel(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.tasks.cancel(id, Command.from(user, request)));
  }
}
