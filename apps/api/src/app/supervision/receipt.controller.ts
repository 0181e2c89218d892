import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type TaskView, acceptTaskSchema, declineTaskSchema, insistTaskSchema } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { withEtag } from '../../core/http/etag';
import { ApiBodySchema } from '../../core/http/openapi';
import { ReceiptService } from './receipt.service';

const IF_MATCH = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: false };

@ApiTags('tasks')
@Controller('tasks')
export class ReceiptController {
  constructor(private readonly receipt: ReceiptService) {}

  @Post(':id/accept')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: '签收: the lead department’s head accepts the task (200 with the task)',
    description: 'Within ACCEPT_WORKING_DAYS working days of assignment (`acceptBy`); later the task is urged.',
  })
  @ApiBodySchema(acceptTaskSchema)
  async accept(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.receipt.accept(id, Command.from(user, request)));
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: '退办: the lead department’s head declines the task with a reason; the committee is notified',
  })
  @ApiBodySchema(declineTaskSchema)
  async decline(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.receipt.decline(id, Command.from(user, request)));
  }

  @Post(':id/insist')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'The committee keeps the lead department after a decline, with a comment; a new receipt window opens',
    description: 'The other answer to a decline is an amendment of the lead department.',
  })
  @ApiBodySchema(insistTaskSchema)
  async insist(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.receipt.insist(id, Command.from(user, request)));
  }
}
