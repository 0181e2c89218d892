import {
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  TASK_IMPORT_COLUMNS,
  TASK_IMPORT_LIMITS,
  type TaskImportPreview,
  type TaskImportResult,
  importTasksQuerySchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { TaskImportService, type UploadedSheet } from './task-import.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = TASK_IMPORT_LIMITS.maxBytes / 1024 / 1024;
// Files over the limit are cut off by multer and answered 413.
const fileInterceptor = FileInterceptor('file', {
  limits: { fileSize: TASK_IMPORT_LIMITS.maxBytes, files: 1, fields: 10, parts: 20 },
});

@ApiTags('tasks')
@Controller('tasks/import')
export class TaskImportController {
  constructor(
    private readonly imports: TaskImportService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get('template')
  @Access({ permission: 'tasks:create' })
  @ApiOperation({
    summary: 'The XLSX template for importing tasks',
    description:
      `Sheet 任务 with the headers ${TASK_IMPORT_COLUMNS.map((c) => c.header).join(', ')} and drop-down lists ` +
      '(work items, active departments, reporting cycles); sheet 填写说明 explains each column.',
  })
  @ApiProduces(XLSX)
  async template(): Promise<StreamableFile> {
    const content = await this.imports.template();
    return new StreamableFile(content, {
      type: XLSX,
      disposition: `attachment; filename="tasks-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('任务导入模板.xlsx')}`,
      length: content.length,
    });
  }

  @Post()
  @HttpCode(200)
  @Access({ permission: 'tasks:create' })
  @UseInterceptors(fileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
    description: `The filled-in template (.xlsx), at most ${MB} MB (413 beyond) and ${TASK_IMPORT_LIMITS.maxRows} rows (422 beyond).`,
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'For the real run (dryRun=false)' })
  @ApiQuerySchema(importTasksQuerySchema)
  @ApiOperation({
    summary: 'Import draft tasks from the XLSX template',
    description:
      '`dryRun=true` (the default) answers 200 with a preview `{rows: [{row, cells, task, errors}], valid, invalid}`: ' +
      'each row checked by the rules of POST /api/tasks, errors named by its fields. `dryRun=false` creates every ' +
      'row as a draft task in one transaction (201 `{taskIds, count}`, one task.create audit event per task with the ' +
      'file’s SHA-256), or nothing (422 with `rows.<row>.<field>` errors). Not an XLSX → 415; damaged, a zip bomb, ' +
      'formulas, missing columns or too many rows → 422. Accepts Idempotency-Key on the real run.',
  })
  async import(
    @CurrentUser() user: AuthUser,
    @Query() query: unknown,
    @UploadedFile() file: UploadedSheet | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskImportPreview | TaskImportResult> {
    const { dryRun } = parseOrThrow(importTasksQuerySchema, query);
    const command = Command.from(user, request);
    const { rows, sha256 } = await this.imports.read(file, command);
    if (dryRun) return this.imports.preview(rows);
    return this.idempotency.createFrom<TaskImportResult & { version?: number }>(
      request,
      response,
      user,
      { file: sha256 },
      async () => ({
        status: 201,
        location: '/api/tasks?status=draft',
        body: await this.imports.run(rows, sha256, command),
      }),
    );
  }
}
