import { Controller, Get, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type DepartmentView, createDepartmentSchema, updateDepartmentSchema } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { setEtag } from '../../core/http/etag';
import { ApiBodySchema } from '../../core/http/openapi';
import { DepartmentsService } from './departments.service';

@ApiTags('departments')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @Access({ permission: 'reference:read' })
  @ApiOperation({ summary: 'All departments, by code (a plain array)' })
  list(): Promise<DepartmentView[]> {
    return this.departments.list();
  }

  @Get(':id')
  @Access({ permission: 'reference:read', resource: 'department' })
  @ApiOperation({ summary: 'One department, with its ETag' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<DepartmentView> {
    const department = await this.departments.get(id);
    setEtag(response, department.version);
    return department;
  }

  @Post()
  @Access({ permission: 'departments:manage' })
  @ApiOperation({ summary: 'Create a department' })
  @ApiBodySchema(createDepartmentSchema)
  async create(
    @CurrentUser() actor: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DepartmentView> {
    const department = await this.departments.create(Command.from(actor, request));
    response.status(201).location(`/api/departments/${department.id}`);
    setEtag(response, department.version);
    return department;
  }

  @Patch(':id')
  @Access({ permission: 'departments:manage', resource: 'department' })
  @ApiOperation({ summary: 'Rename or (de)activate a department. Requires If-Match: "<version>".' })
  @ApiBodySchema(updateDepartmentSchema)
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DepartmentView> {
    const department = await this.departments.update(id, Command.from(actor, request));
    setEtag(response, department.version);
    return department;
  }
}
