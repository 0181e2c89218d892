import { Controller, Delete, Get, HttpCode, Param, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type WebhookView, WEBHOOK_KINDS, putWebhookSchema, webhookKindParam } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { ApiBodySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { WebhooksService } from './webhooks.service';

const KIND_PARAM = {
  name: 'kind',
  description: '`wecom` (企业微信 group robot) or `dingtalk` (钉钉 custom robot)',
  schema: { type: 'string' as const, enum: [...WEBHOOK_KINDS] },
};

@ApiTags('channels')
@Controller('departments/:id/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Access({ permission: 'departments:manage', resource: 'department' })
  @ApiOperation({
    summary: "The department's group robots (system administrator; a plain array)",
    description:
      'Each robot shows its host and a masked URL, whether it signs (钉钉 加签), and its latest delivery. ' +
      'The URL and the secret themselves are never returned.',
  })
  list(@Param('id') id: string): Promise<WebhookView[]> {
    return this.webhooks.list(id);
  }

  @Put(':kind')
  @Access({ permission: 'departments:manage', resource: 'department' })
  @ApiParam(KIND_PARAM)
  @ApiOperation({
    summary: "Set the department's robot of this kind (system administrator); 201 when new, else 200",
    description:
      'The URL must be https:// on a host of WEBHOOK_HOSTS (default qyapi.weixin.qq.com, oapi.dingtalk.com), else 422. ' +
      '`secret` (钉钉 only) turns on signed mode: timestamp and HMAC-SHA256 sign on every message. ' +
      'Urges, notices, escalations and reporting deadlines of the department are then posted to it.',
  })
  @ApiBodySchema(putWebhookSchema)
  async put(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('kind') kind: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WebhookView> {
    const parsedKind = parseOrThrow(webhookKindParam, { kind }).kind;
    const input = parseOrThrow(putWebhookSchema, request.body ?? {});
    const { view, created } = await this.webhooks.put(user, id, parsedKind, input);
    response.status(created ? 201 : 200);
    if (created) response.location(`/api/departments/${id}/webhooks/${parsedKind}`);
    return view;
  }

  @Delete(':kind')
  @HttpCode(204)
  @Access({ permission: 'departments:manage', resource: 'department' })
  @ApiParam(KIND_PARAM)
  @ApiOperation({
    summary: "Remove the department's robot of this kind, with its pending messages (system administrator)",
  })
  async remove(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('kind') kind: string): Promise<void> {
    await this.webhooks.remove(user, id, parseOrThrow(webhookKindParam, { kind }).kind);
  }
}
