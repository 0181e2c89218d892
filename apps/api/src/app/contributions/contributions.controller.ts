import { Controller, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type ContributionView,
  createContributionSchema,
  emptyActionSchema,
  updateContributionSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { withEtag } from '../../core/http/etag';
import { ApiBodySchema } from '../../core/http/openapi';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { ContributionsService } from './contributions.service';

@ApiTags('contributions')
@Controller()
export class ContributionsController {
  constructor(
    private readonly contributions: ContributionsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get('tasks/:id/contributions')
  @Access({ resource: 'task' })
  @ApiOperation({
    summary: 'A task’s contributions: your department’s (drafts too) and every submitted one',
    description: 'The committee, the administrator and auditors also read the drafts; other departments never do.',
  })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ContributionView[]> {
    return this.contributions.listForTask(user, id);
  }

  @Post('tasks/:id/contributions')
  @Access({ resource: 'task' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Draft your co-owning department’s contribution for a period (staff or head)' })
  @ApiBodySchema(createContributionSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContributionView> {
    return this.idempotency.created(request, response, user, createContributionSchema, '/api/contributions', () =>
      this.contributions.create(id, Command.from(user, request)),
    );
  }

  @Get('contributions/:id')
  @Access({ resource: 'contribution' })
  @ApiOperation({ summary: 'A contribution, with its ETag (a draft: its own department, committee, admin, auditors)' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContributionView> {
    return withEtag(response, await this.contributions.get(user, id));
  }

  @Patch('contributions/:id')
  @Access({ resource: 'contribution' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOperation({ summary: 'Edit your department’s draft contribution' })
  @ApiBodySchema(updateContributionSchema)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContributionView> {
    return withEtag(response, await this.contributions.update(id, Command.from(user, request)));
  }

  @Post('contributions/:id/submit')
  @HttpCode(200)
  @Access({ resource: 'contribution' })
  @ApiOperation({ summary: 'Submit your department’s contribution (head); the lead report lists it' })
  @ApiBodySchema(emptyActionSchema)
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContributionView> {
    return withEtag(response, await this.contributions.submit(id, Command.from(user, request)));
  }
}
