import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type MeView,
  type Page,
  type UserView,
  createUserSchema,
  listUsersQuerySchema,
  updateMeSchema,
  updateUserSchema,
} from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { expectedVersion, setEtag } from '../../core/http/etag';
import { ApiBodySchema, ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Access({ permission: 'users:manage' })
  @ApiOperation({ summary: 'List users', description: 'Ordered by username. Filters: q (name), role, departmentId.' })
  @ApiQuerySchema(listUsersQuerySchema)
  list(@Query() query: unknown): Promise<Page<UserView>> {
    return this.users.list(parseOrThrow(listUsersQuerySchema, query));
  }

  @Get(':id')
  @Access({ permission: 'users:manage', resource: 'user' })
  @ApiOperation({ summary: 'One user, with its ETag' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<UserView> {
    const user = await this.users.get(id);
    setEtag(response, user.version);
    return user;
  }

  @Post()
  @Access({ permission: 'users:manage' })
  @ApiOperation({ summary: 'Create a user', description: 'dept_head and dept_staff need a departmentId.' })
  @ApiBodySchema(createUserSchema)
  async create(
    @CurrentUser() actor: AuthUser,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView> {
    const user = await this.users.create(actor, parseOrThrow(createUserSchema, body));
    response.status(201).location(`/api/users/${user.id}`);
    setEtag(response, user.version);
    return user;
  }

  @Patch(':id')
  @Access({ permission: 'users:manage', resource: 'user' })
  @ApiOperation({
    summary: 'Change a user',
    description: 'Display name, role, department, lock/unlock, password reset. Requires If-Match: "<version>".',
  })
  @ApiBodySchema(updateUserSchema)
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView> {
    const input = parseOrThrow(updateUserSchema, body);
    const version = expectedVersion(request, true) as number;
    const user = await this.users.update(actor, id, version, input);
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
  updateMe(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<MeView> {
    return this.users.updateMe(user, parseOrThrow(updateMeSchema, body));
  }
}
