import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Page } from '@zibo/domain';
import { Access } from '../../core/access/access.decorator';
import { ApiQuerySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import {
  type AuditEventView,
  AuditService,
  type CheckpointView,
  type SigningKeyView,
  type VerifyResult,
  listAuditEventsQuery,
} from './audit.service';

const keyIdParams = z.strictObject({
  keyId: z.string().regex(/^[0-9a-f]{16}$/, 'Must be a key id: 16 lowercase hex digits'),
});

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
    summary: 'Walk the whole chain: every stored column, every signed checkpoint, the checkpoint rule, evidence files',
    description:
      '`{ ok, checked, head, checkpoint, warnings }`, or `{ ok: false, checked, brokenAt: { seq, reason, column }, warnings }`. ' +
      'Every column of every audit_event row is compared with the hashed `canonical` text; `column` names the one at ' +
      'fault (a table column: `before`, `department_id`, `prev_hash` …). `reason` is a sentence, or the code ' +
      '`checkpoint-missing` (with `detail`) when more than 1,000 events follow a checkpoint (or the start) without the ' +
      'next one; `seq` is then the first event no checkpoint closes in time. Every checkpoint must match its signed ' +
      'payload, verify with the public key of its `keyId` and have the hash of the event at its seq. `warnings` holds ' +
      '`checkpoint-overdue` when the newest events are older than the checkpoint interval and no checkpoint covers ' +
      'them yet (not a finding: a database just restored or seeded is like that).',
  })
  verify(): Promise<VerifyResult> {
    return this.audit.verify();
  }

  @Get('checkpoints')
  @Access({ permission: 'audit:read' })
  @ApiOperation({
    summary: 'Signed checkpoints (head hash, count, keyId), oldest first',
    description:
      'Save one item as JSON to pin it: `npm run audit:verify -- <export> --since <file>` then proves that a later ' +
      'export extends that history.',
  })
  checkpoints(): Promise<CheckpointView[]> {
    return this.audit.checkpoints();
  }

  @Get('public-key')
  @Access({ permission: 'audit:read' })
  @Header('Content-Type', 'application/x-pem-file; charset=utf-8')
  @ApiProduces('application/x-pem-file')
  @ApiOperation({ summary: 'The current Ed25519 public key (PEM) that verifies new checkpoints' })
  publicKey(): string {
    return this.audit.publicKeyPem();
  }

  @Get('public-keys')
  @Access({ permission: 'audit:read' })
  @ApiOperation({
    summary: 'Every public key that signed checkpoints, oldest first: `{ keyId, publicKeyPem, createdAt, current }`',
    description: 'Keys of past rotations stay listed, so old checkpoints stay verifiable.',
  })
  publicKeys(): Promise<SigningKeyView[]> {
    return this.audit.publicKeys();
  }

  @Get('public-keys/:keyId')
  @Access({ permission: 'audit:read' })
  @Header('Content-Type', 'application/x-pem-file; charset=utf-8')
  @ApiProduces('application/x-pem-file')
  @ApiParam({ name: 'keyId', description: 'The keyId a checkpoint names (16 hex digits)' })
  @ApiOperation({ summary: 'The Ed25519 public key (PEM) of one key id; 404 when no checkpoint key has it' })
  publicKeyOf(@Param() params: unknown): Promise<string> {
    return this.audit.publicKeyPemOf(parseOrThrow(keyIdParams, params).keyId);
  }
}
