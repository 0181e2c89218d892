import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Page } from '@zibo/domain';
import { Access } from '../../core/access/access.decorator';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import {
  type AuditEventView,
  AuditService,
  type CheckpointView,
  type VerifyResult,
  listAuditEventsQuery,
} from './audit.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  @Access({ permission: 'audit:read' })
  @ApiOperation({
    summary: 'Audit events, newest first; filters from, to (ISO times), actor, department, entityType, entityId',
  })
  @ApiQuerySchema(listAuditEventsQuery)
  events(@Query() query: unknown): Promise<Page<AuditEventView>> {
    return this.audit.list(parseOrThrow(listAuditEventsQuery, query));
  }

  @Get('verify')
  @Access({ permission: 'audit:read' })
  @ApiOperation({
    summary: 'Walk the whole chain and compare it with the latest signed checkpoint',
    description: '`{ ok, checked, head, checkpoint }`, or `{ ok: false, checked, brokenAt: { seq, reason } }`.',
  })
  verify(): Promise<VerifyResult> {
    return this.audit.verify();
  }

  @Get('checkpoints')
  @Access({ permission: 'audit:read' })
  @ApiOperation({ summary: 'Signed checkpoints (head hash and count), oldest first' })
  checkpoints(): Promise<CheckpointView[]> {
    return this.audit.checkpoints();
  }

  @Get('public-key')
  @Access({ permission: 'audit:read' })
  @Header('Content-Type', 'application/x-pem-file; charset=utf-8')
  @ApiProduces('application/x-pem-file')
  @ApiOperation({ summary: 'The Ed25519 public key (PEM) that verifies checkpoints, for offline verification' })
  publicKey(): string {
    return this.audit.publicKeyPem();
  }
}
