import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type TaskView, rejectCloseOutSchema, requestCloseOutSchema } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { withEtag } from '../../core/http/etag';
import { ApiBodySchema } from '../../core/http/openapi';
import { CloseOutService } from './close-out.service';

const IF_MATCH = { name: 'If-Match', description: 'The ETag you read: "<version>"', required: false };

@ApiTags('tasks')
@Controller('tasks')
export class CloseOutController {
  constructor(private readonly closeOut: CloseOutService) {}

  @Post(':id/close-request')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: '办结销号: the lead department’s head requests close-out with a closing summary (200 with the task)',
    description:
      'Only after a final report at 100 % is approved (422 `no_final_report`), one open request at a time (409). ' +
      'The committee signs it off with `POST /api/tasks/:id/complete` or rejects it.',
  })
  @ApiBodySchema(requestCloseOutSchema)
  async request(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.closeOut.request(id, Command.from(user, request)));
  }

  @Post(':id/close-request/reject')
  @HttpCode(200)
  @Access({ resource: 'task' })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'The committee rejects the open close-out request with a reason (200 with the task)',
    description: 'The task stays open; the lead department’s head may request close-out again.',
  })
  @ApiBodySchema(rejectCloseOutSchema)
  async reject(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskView> {
    return withEtag(response, await this.closeOut.reject(id, Command.from(user, request)));
  }
}
