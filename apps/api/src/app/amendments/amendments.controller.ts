import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type AmendmentView,
  type PlanDriftView,
  TASK_READ_PERMISSIONS,
  createAmendmentSchema,
  decideAmendmentSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { setEtag } from '../../core/http/etag';
import { ApiBodySchema } from '../../core/http/openapi';
import { IdempotencyService } from '../../core/idempotency/idempotency.service';
import { AmendmentsService } from './amendments.service';

@ApiTags('amendments')
@Controller()
export class AmendmentsController {
  constructor(
    private readonly amendments: AmendmentsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get('tasks/:id/amendments')
  @Access({ resource: 'task' })
  @ApiOperation({ summary: 'Plan amendments of a task, oldest first, with before/after of each change' })
  list(@Param('id') id: string): Promise<AmendmentView[]> {
    return this.amendments.list(id);
  }

  @Post('tasks/:id/amendments')
  @Access({ resource: 'task' })
  @ApiOperation({
    summary: 'Amend the plan of an assigned task, with a reason',
    description: 'Committee: applied at once. Lead department head: a proposal the committee approves or rejects.',
  })
  @ApiBodySchema(createAmendmentSchema)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AmendmentView> {
    return this.idempotency.created(request, response, user, createAmendmentSchema, '/api/amendments', () =>
      this.amendments.create(id, Command.from(user, request)),
    );
  }

  @Post('amendments/:id/approve')
  @HttpCode(200)
  @Access({ resource: 'amendment' })
  @ApiOperation({ summary: 'Approve a proposed amendment: the plan changes (committee)' })
  @ApiBodySchema(decideAmendmentSchema)
  async approve(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AmendmentView> {
    const amendment = await this.amendments.approve(id, Command.from(user, request));
    setEtag(response, amendment.version);
    return amendment;
  }

  @Post('amendments/:id/reject')
  @HttpCode(200)
  @Access({ resource: 'amendment' })
  @ApiOperation({ summary: 'Reject a proposed amendment (committee)' })
  @ApiBodySchema(decideAmendmentSchema)
  async reject(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AmendmentView> {
    const amendment = await this.amendments.reject(id, Command.from(user, request));
    setEtag(response, amendment.version);
    return amendment;
  }

  @Get('plan-drift')
  @Access({ permission: TASK_READ_PERMISSIONS })
  @ApiOperation({
    summary: 'Tasks whose plan moved since assignment: due-date drift in days, moved milestones, changed targets',
  })
  planDrift(@CurrentUser() user: AuthUser): Promise<PlanDriftView[]> {
    return this.amendments.planDrift(user);
  }
}
