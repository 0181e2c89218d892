import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { type NotificationView, type Page, pageQueryShape } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { NotificationsService } from './notifications.service';

const listNotificationsQuery = z.strictObject({
  ...pageQueryShape,
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Access({ permission: 'notifications:read' })
  @ApiOperation({ summary: 'Own notifications, newest first (assigned, report due, overdue, returned, approved)' })
  @ApiQuerySchema(listNotificationsQuery)
  list(@CurrentUser() user: AuthUser, @Query() query: unknown): Promise<Page<NotificationView>> {
    return this.notifications.list(user, parseOrThrow(listNotificationsQuery, query));
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access({ permission: 'notifications:read', resource: 'notification' })
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  markRead(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() request: Request): Promise<NotificationView> {
    return this.notifications.markRead(id, Command.from(user, request));
  }
}
