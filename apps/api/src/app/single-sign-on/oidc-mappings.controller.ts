import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type OidcMappingView, createOidcMappingSchema, updateOidcMappingSchema } from '@zibo/domain';
import { Access, CurrentUser } from '../../core/access/access.decorator';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { setEtag } from '../../core/http/etag';
import { ApiBodySchema } from '../../core/http/openapi';
import { OidcMappingsService } from './oidc-mappings.service';

@ApiTags('single sign-on')
@Controller('oidc-mappings')
export class OidcMappingsController {
  constructor(private readonly mappings: OidcMappingsService) {}

  @Get()
  @Access({ permission: 'security-policy:manage' })
  @ApiOperation({ summary: 'The single sign-on mapping table (claim value → role, department), by claim value' })
  list(): Promise<OidcMappingView[]> {
    return this.mappings.list();
  }

  @Get(':id')
  @Access({ permission: 'security-policy:manage', resource: 'oidc_mapping' })
  @ApiOperation({ summary: 'One mapping, with its ETag' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<OidcMappingView> {
    const mapping = await this.mappings.get(id);
    setEtag(response, mapping.version);
    return mapping;
  }

  @Post()
  @Access({ permission: 'security-policy:manage' })
  @ApiOperation({
    summary: 'Map a claim value to a role and department',
    description: 'Department roles need a departmentId. A claim value already mapped → 422.',
  })
  @ApiBodySchema(createOidcMappingSchema)
  async create(
    @CurrentUser() actor: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OidcMappingView> {
    const mapping = await this.mappings.create(Command.from(actor, request));
    response.status(201).location(`/api/oidc-mappings/${mapping.id}`);
    setEtag(response, mapping.version);
    return mapping;
  }

  @Patch(':id')
  @Access({ permission: 'security-policy:manage', resource: 'oidc_mapping' })
  @ApiOperation({
    summary: 'Change a mapping. Requires If-Match: "<version>".',
    description: 'Applies to accounts provisioned from now on; existing accounts keep their role and department.',
  })
  @ApiBodySchema(updateOidcMappingSchema)
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OidcMappingView> {
    const mapping = await this.mappings.update(id, Command.from(actor, request));
    setEtag(response, mapping.version);
    return mapping;
  }

  @Delete(':id')
  @Access({ permission: 'security-policy:manage', resource: 'oidc_mapping' })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a mapping (If-Match optional)',
    description: 'Provider accounts whose claim no longer maps to anything cannot sign in through the provider.',
  })
  async remove(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Req() request: Request): Promise<void> {
    await this.mappings.remove(id, Command.from(actor, request));
  }
}
