import { AuditEvent } from './audit-event.entity';
export { GENESIS_HASH, canonicalText, chainHash } from './audit-chain';
export type { AuditRecord } from './audit-chain';
export { AuditEvent } from './audit-event.entity';
export { ChainWalker, analyseChainRow } from './audit-verification';
export type { BrokenLink, ChainRow, ColumnMismatch, RowAnalysis } from './audit-verification';
export { AUDIT_CHAIN_LOCK_KEY, AuditWriter, CHECKPOINT_EVERY_EVENTS } from './audit-writer.service';
export { AuditModule } from './audit.module';
export { AuditService, auditFilterShape, auditFilterSql } from './audit.service';
export type { AuditFilter } from './audit.service';
export { changedFields } from './changed-fields';
export { CheckpointSigner, keyIdOf, verifyCheckpointSignature } from './checkpoint-signer';

/** This feature's tables, for the app's entity list (app/entities.ts). */
export const AuditEntities = [AuditEvent];
