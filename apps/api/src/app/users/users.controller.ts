import { Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type MeView,
  type Page,
  USER_EDIT_PERMISSIONS,
  type UserView,
  createUserSchema,
  listUsersQuerySchema,
  updateMeSchema,
  updateUserSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { setEtag } from '../../core/http/etag';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Access({ permission: 'users:read' })
  @ApiOperation({ summary: 'List users', description: 'Ordered by username. Filters: q (name), role, departmentId.' })
  @ApiQuerySchema(listUsersQuerySchema)
  list(@Query() query: unknown): Promise<Page<UserView>> {
    return this.users.list(parseOrThrow(listUsersQuerySchema, query));
  }

  @Get(':id')
  @Access({ permission: 'users:read', resource: 'user' })
  @ApiOperation({ summary: 'One user, with its ETag' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<UserView> {
    const user = await this.users.get(id);
    setEtag(response, user.version);
    return user;
  }

  @Post()
  @Access({ permission: 'users:create' })
  @ApiOperation({
    summary: 'Create a user',
    description:
      'With a department role (dept_head, dept_staff) and its departmentId; any other role → 403 (the security ' +
      'administrator grants it later).',
  })
  @ApiBodySchema(createUserSchema)
  async create(
    @CurrentUser() actor: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView> {
    const user = await this.users.create(Command.from(actor, request));
    response.status(201).location(`/api/users/${user.id}`);
    setEtag(response, user.version);
    return user;
  }

  @Patch(':id')
  @Access({ permission: USER_EDIT_PERMISSIONS, resource: 'user' })
  @ApiOperation({
    summary: 'Change a user',
    description:
      'Requires If-Match: "<version>". The system administrator changes displayName, departmentId, email and ' +
      'resets the password; the security administrator changes role and locked. A body naming a field the ' +
      'caller may not set → 403, as does changing one’s own role or locking oneself.',
  })
  @ApiBodySchema(updateUserSchema)
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView> {
    const user = await this.users.update(id, Command.from(actor, request));
    setEtag(response, user.version);
    return user;
  }
}

@ApiTags('users')
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Access()
  @ApiOperation({ summary: 'The signed-in user, role, permissions and department' })
  me(@CurrentUser() user: AuthUser): Promise<MeView> {
    return this.users.me(user);
  }

  @Patch()
  @Access({ permission: 'profile:update' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Set own preferences (language); no If-Match needed' })
  @ApiBodySchema(updateMeSchema)
  updateMe(@CurrentUser() user: AuthUser, @Req() request: Request): Promise<MeView> {
    return this.users.updateMe(Command.from(user, request));
  }
}
