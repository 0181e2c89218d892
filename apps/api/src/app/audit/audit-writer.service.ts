import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '@zibo/domain';
import { currentRequestContext } from '../../core/request-context/request-context';
import { AuditEvent } from './audit-event.entity';
import { type AuditRecord, canonicalText, chainHash } from './audit-chain';
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
    const context = currentRequestContext();
    // Everything but the sequence number is known before the chain lock: the record is
    // canonicalised here with a placeholder seq, and the database splices in the next one.
    const draft: AuditRecord = {
      seq: 0,
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
    const { head, tail } = splitAtSeq(canonicalText(draft));
    // Lock, head and insert in one statement (migration 1764800000000): the lock is held from
    // here to the commit, with no round trip of this transaction in between but the commit.
    const rows: { appended_seq: number; appended_prev_hash: string; appended_hash: string }[] = await tx.query(
      `SELECT appended_seq, appended_prev_hash, appended_hash
         FROM append_audit_event($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        AUDIT_CHAIN_LOCK_KEY,
        draft.at,
        draft.actorId,
        draft.actorRole,
        draft.departmentId,
        draft.action,
        draft.entityType,
        draft.entityId,
        draft.before === null ? null : JSON.stringify(draft.before),
        draft.after === null ? null : JSON.stringify(draft.after),
        draft.requestId,
        draft.ip,
        draft.sha256,
        head,
        tail,
      ],
    );
    const appended = rows[0];
    if (!appended) throw new Error('append_audit_event returned nothing');
    const record: AuditRecord = { ...draft, seq: Number(appended.appended_seq) };
    const canonical = head + String(record.seq) + tail;
    const prevHash = appended.appended_prev_hash;
    const hash = appended.appended_hash;
    // The database hashed what this process would have: a mismatch rolls the change back.
    if (canonical !== canonicalText(record) || hash !== chainHash(prevHash, canonical)) {
      throw new Error(`audit event ${record.seq}: the database's chain hash differs from the writer's`);
    }
    if (this.signer && record.seq % CHECKPOINT_EVERY_EVENTS === 0) {
      // Still under the chain lock: this checkpoint covers exactly the event just written.
      await insertCheckpoint(tx, this.signer, { seq: record.seq, hash });
    }
    return tx.create(AuditEvent, { ...record, at: new Date(record.at), canonical, prevHash, hash });
  }
}

const SEQ_KEY = '"seq":';
const SEQ_PLACEHOLDER = `${SEQ_KEY}0,"sha256":`;

/**
 * The canonical text around the top-level seq value. Keys are sorted (RFC 8785), so `seq` is the
 * last key but `sha256`: its last occurrence is the record's own (nested objects come earlier).
 */
export function splitAtSeq(canonical: string): { head: string; tail: string } {
  const at = canonical.lastIndexOf(SEQ_PLACEHOLDER);
  if (at < 0) throw new Error('audit record has no seq placeholder');
  return { head: canonical.slice(0, at + SEQ_KEY.length), tail: canonical.slice(at + SEQ_KEY.length + 1) };
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
