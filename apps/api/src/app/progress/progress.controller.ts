import { Controller, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type Page,
  type ReportView,
  createReportSchema,
  emptyActionSchema,
  reviewReportSchema,
  updateReportSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { withEtag } from '../../core/http/etag';
import { ApiBodySchema } from '../../core/http/openapi';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { ProgressService } from './progress.service';

const IF_MATCH = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: false };

@ApiTags('progress')
@Controller()
export class ProgressController {
  constructor(
    private readonly progress: ProgressService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get('tasks/:id/progress')
  @Access({ resource: 'task' })
  @ApiOperation({
    summary: 'The reports of a task you may see, by period, each with every submitted version',
    description: 'Another department does not see the lead department’s drafts (a revised one as last submitted).',
  })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Page<ReportView>> {
    return this.progress.listForTask(user, id);
  }

  @Post('tasks/:id/progress')
  @Access({ resource: 'task' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({
    summary: 'Draft the period report (lead department head or staff)',
    description:
      'Period YYYY-MM or YYYY-Qn from the period of the later of start and assignment up to the current one (422 ' +
      'otherwise). Percent may fall only with percentDecreaseReason.',
  })
  @ApiBodySchema(createReportSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportView> {
    return this.idempotency.created(request, response, user, createReportSchema, '/api/progress', () =>
      this.progress.create(id, Command.from(user, request)),
    );
  }

  @Get('progress/:id')
  @Access({ resource: 'report' })
  @ApiOperation({ summary: 'A report with its versions, attachments, contributions, deadline and compliance' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportView> {
    return withEtag(response, await this.progress.get(user, id));
  }

  @Patch('progress/:id')
  @Access({ resource: 'report' })
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOperation({ summary: 'Edit a draft report (lead department)' })
  @ApiBodySchema(updateReportSchema)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportView> {
    return withEtag(response, await this.progress.update(id, Command.from(user, request)));
  }

  @Post('progress/:id/submit')
  @HttpCode(200)
  @Access({ resource: 'report' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'draft → submitted (lead department head); a new numbered revision' })
  @ApiBodySchema(emptyActionSchema)
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportView> {
    return withEtag(response, await this.progress.submit(id, Command.from(user, request)));
  }

  @Post('progress/:id/ready')
  @HttpCode(200)
  @Access({ resource: 'report' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Hand a draft to the department head (lead department staff); the heads are notified once',
    description: 'The draft is then in the heads’ inbox as draft_waiting_for_head until submitted. Again: no change.',
  })
  @ApiBodySchema(emptyActionSchema)
  async ready(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportView> {
    return withEtag(response, await this.progress.markReady(id, Command.from(user, request)));
  }

  @Post('progress/:id/review')
  @HttpCode(200)
  @Access({ resource: 'report' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Approve, or return with a comment (committee); optional score 0–100' })
  @ApiBodySchema(reviewReportSchema)
  async review(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportView> {
    return withEtag(response, await this.progress.review(id, Command.from(user, request)));
  }

  @Post('progress/:id/revise')
  @HttpCode(200)
  @Access({ resource: 'report' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'returned → draft (lead department); the returned version stays readable' })
  @ApiBodySchema(emptyActionSchema)
  async revise(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportView> {
    return withEtag(response, await this.progress.revise(id, Command.from(user, request)));
  }
}
