import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '@zibo/domain';
import { currentRequestContext } from '../../core/request-context/request-context';
import { AuditEvent } from './audit-event.entity';
import { type AuditRecord, GENESIS_HASH, canonicalText, chainHash } from './audit-chain';
import { CheckpointSigner } from './checkpoint-signer';
import { registerSigningKey } from './signing-keys';

/**
 * Who did it: the signed-in user as the use case has it (an `AuthUser` is one), or null for the
 * system itself or an unknown caller (a failed sign-in). Only these three fields are recorded.
 */
export interface AuditActor {
  id: string;
  role: Role;
  departmentId: string | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The department the change concerns, when it differs from the actor's (or there is no actor). */
  departmentId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  sha256?: string | null;
}

// Fixed key of the transaction-scoped advisory lock that serialises chain appends across processes.
export const AUDIT_CHAIN_LOCK_KEY = 720_210_002;

/**
 * The one writer of the audit log. Call it inside the use case's transaction: the event commits
 * with the change or not at all. Appends are serialised by an advisory lock held to commit, so
 * concurrent requests and api processes extend one chain without forks or gaps.
 */
/** A signed checkpoint at least every this many events (docs/rules.md); a timer covers quiet periods. */
export const CHECKPOINT_EVERY_EVENTS = 1000;

@Injectable()
export class AuditWriter {
  constructor(@Optional() private readonly signer?: CheckpointSigner) {}

  async append(tx: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const head: { seq: number; hash: string }[] = await tx.query(
      'SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1',
    );
    const context = currentRequestContext();
    const record: AuditRecord = {
      seq: Number(head[0]?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? null,
      departmentId: entry.departmentId !== undefined ? entry.departmentId : (entry.actor?.departmentId ?? null),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      requestId: context?.requestId ?? null,
      ip: context?.ip ?? null,
      sha256: entry.sha256 ?? null,
    };
    const prevHash = head[0]?.hash ?? GENESIS_HASH;
    const canonical = canonicalText(record);
    const hash = chainHash(prevHash, canonical);
    await tx.query(
      `INSERT INTO audit_event (seq, at, actor_id, actor_role, department_id, action, entity_type, entity_id,
                                before, after, request_id, ip, sha256, canonical, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        record.seq,
        record.at,
        record.actorId,
        record.actorRole,
        record.departmentId,
        record.action,
        record.entityType,
        record.entityId,
        record.before === null ? null : JSON.stringify(record.before),
        record.after === null ? null : JSON.stringify(record.after),
        record.requestId,
        record.ip,
        record.sha256,
        canonical,
        prevHash,
        hash,
      ],
    );
    if (this.signer && record.seq % CHECKPOINT_EVERY_EVENTS === 0) {
      // Still under the chain lock: this checkpoint covers exactly the event just written.
      await insertCheckpoint(tx, this.signer, { seq: record.seq, hash });
    }
    return tx.create(AuditEvent, { ...record, at: new Date(record.at), canonical, prevHash, hash });
  }
}

/** Signs and stores a checkpoint of the chain head (the caller holds the chain lock). */
export async function insertCheckpoint(
  tx: EntityManager,
  signer: CheckpointSigner,
  head: { seq: number; hash: string },
): Promise<void> {
  const claim = {
    seq: head.seq,
    headHash: head.hash,
    count: head.seq,
    at: new Date().toISOString(),
    keyId: signer.keyId,
  };
  const { payload, signature } = signer.sign(claim);
  // The public key goes with its first checkpoint, so that every checkpoint stays verifiable.
  await registerSigningKey(tx, signer);
  await tx.query(
    `INSERT INTO audit_checkpoint (seq, head_hash, event_count, at, key_id, payload, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (seq) DO NOTHING`,
    [claim.seq, claim.headHash, claim.count, claim.at, claim.keyId, payload, signature],
  );
}
