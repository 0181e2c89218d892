import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type AuditEventView,
  type CheckpointView,
  type Page,
  type VerifyResult,
  cleanString,
  dateTimeSchema,
  pageQueryShape,
} from '@zibo/domain';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { AUDIT_CHAIN_LOCK_KEY, insertCheckpoint } from './audit-writer.service';
import { ChainWalker } from './audit-verification';
import { CheckpointSigner, verifyCheckpointSignature } from './checkpoint-signer';

export const auditFilterShape = {
  from: dateTimeSchema.optional(),
  to: dateTimeSchema.optional(),
  actor: z.uuid().optional(),
  department: z.uuid().optional(),
  entityType: cleanString().max(32).optional(),
  entityId: cleanString().max(64).optional(),
};
export const listAuditEventsQuery = z.strictObject({ ...pageQueryShape, ...auditFilterShape });
const auditCursor = z.tuple([cursorKey.seq]);
export type { AuditEventView, CheckpointView, VerifyResult };
export type AuditFilter = Partial<Record<keyof typeof auditFilterShape, string>>;

const BATCH = 5000;

/** SQL conditions of the audit filters (shared by the list and the exports). */
export function auditFilterSql(filter: AuditFilter, firstParam: number): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${firstParam + params.length - 1}`));
  };
  if (filter.from) add((p) => `e.at >= ${p}`, filter.from);
  if (filter.to) add((p) => `e.at < ${p}`, filter.to);
  if (filter.actor) add((p) => `e.actor_id = ${p}`, filter.actor);
  if (filter.department) add((p) => `e.department_id = ${p}`, filter.department);
  if (filter.entityType) add((p) => `e.entity_type = ${p}`, filter.entityType);
  if (filter.entityId) add((p) => `e.entity_id = ${p}`, filter.entityId);
  return { sql: where.length ? where.join(' AND ') : 'TRUE', params };
}

function toCheckpointView(r: {
  seq: number;
  head_hash: string;
  event_count: number;
  at: Date;
  key_id: string;
  payload: string;
  signature: string;
}): CheckpointView {
  return {
    seq: r.seq,
    headHash: r.head_hash,
    count: r.event_count,
    at: r.at.toISOString(),
    keyId: r.key_id,
    payload: r.payload,
    signature: r.signature,
  };
}

/** Reading, verifying and checkpointing the audit log (auditors and administrators). */
@Injectable()
export class AuditService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly signer: CheckpointSigner,
  ) {}

  async list(query: z.output<typeof listAuditEventsQuery>): Promise<Page<AuditEventView>> {
    return this.unitOfWork.run(async (tx) => {
      const filter = auditFilterSql(query, 1);
      const params = [...filter.params];
      let where = filter.sql;
      const [after] = decodeCursor(query.cursor, auditCursor) ?? [];
      if (after !== undefined) {
        params.push(after);
        where += ` AND e.seq < $${params.length}`;
      }
      params.push(query.limit + 1);
      const rows: (Record<string, unknown> & { seq: number; at: Date })[] = await tx.query(
        `SELECT e.seq, e.at, e.actor_id, u.display_name, e.actor_role, e.department_id, e.action, e.entity_type,
                e.entity_id, e.before, e.after, e.request_id, e.ip, e.sha256, e.prev_hash, e.hash
           FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
          WHERE ${where} ORDER BY e.seq DESC LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, query.limit).map((r): AuditEventView => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actorId: r['actor_id'] as string | null,
        actorName: r['display_name'] as string | null,
        actorRole: r['actor_role'] as string | null,
        departmentId: r['department_id'] as string | null,
        action: r['action'] as string,
        entityType: r['entity_type'] as string,
        entityId: r['entity_id'] as string | null,
        before: r['before'] as Record<string, unknown> | null,
        after: r['after'] as Record<string, unknown> | null,
        requestId: r['request_id'] as string | null,
        ip: r['ip'] as string | null,
        sha256: r['sha256'] as string | null,
        prevHash: r['prev_hash'] as string,
        hash: r['hash'] as string,
      }));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.seq)]) : null };
    });
  }

  /**
   * Walks the whole chain in batches (constant memory) and compares it with the latest signed
   * checkpoint: changed, inserted, reordered or deleted rows up to that checkpoint are detected.
   */
  async verify(): Promise<VerifyResult> {
    const walker = new ChainWalker();
    let after = 0;
    for (;;) {
      const rows: {
        seq: number;
        prev_hash: string;
        hash: string;
        canonical: string;
        at: Date;
        action: string;
        entity_type: string;
        entity_id: string | null;
        actor_id: string | null;
        sha256: string | null;
      }[] = await this.unitOfWork.run((tx) =>
        tx.query(
          `SELECT seq, prev_hash, hash, canonical, at, action, entity_type, entity_id, actor_id, sha256
             FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, BATCH],
        ),
      );
      for (const r of rows) {
        const broken = walker.check({
          seq: r.seq,
          prevHash: r.prev_hash,
          hash: r.hash,
          canonical: r.canonical,
          columns: {
            at: r.at.toISOString(),
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            actorId: r.actor_id,
            sha256: r.sha256?.trim() ?? null,
          },
        });
        if (broken) {
          const { ok, checked, head } = walker.result();
          return { ok, checked, head, checkpoint: await this.latestCheckpointChecked(), brokenAt: broken };
        }
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]?.seq ?? after;
    }
    const { ok, checked, head } = walker.result();
    const result = { ok, checked, head };
    const checkpoint = await this.latestCheckpointChecked();
    if (checkpoint) {
      const fail = (reason: string): VerifyResult => ({
        ...result,
        ok: false,
        checkpoint,
        brokenAt: { seq: checkpoint.seq, reason },
      });
      if (!checkpoint.signatureValid)
        return fail('the latest checkpoint’s signature does not verify with the current key');
      if (!result.head || result.head.seq < checkpoint.seq) {
        return fail(
          `the checkpoint covers ${checkpoint.count} events but only ${result.checked} remain: events deleted`,
        );
      }
      const [atCheckpoint] = await this.unitOfWork.run((tx) =>
        tx.query('SELECT hash FROM audit_event WHERE seq = $1', [checkpoint.seq]),
      );
      if ((atCheckpoint as { hash?: string } | undefined)?.hash !== checkpoint.headHash) {
        return fail('the event at the checkpoint no longer has the signed hash');
      }
    }
    // Evidence files are part of the chain: each one's bytes must still hash to what its upload event recorded.
    const swapped: { seq: number; id: string }[] = await this.unitOfWork.run((tx) =>
      tx.query(
        `SELECT e.seq, a.id FROM attachment a
           JOIN audit_event e ON e.entity_type = 'attachment' AND e.entity_id = a.id::text AND e.action = 'attachment.upload'
          WHERE encode(sha256(a.content), 'hex') <> e.sha256 OR a.sha256 <> e.sha256
          ORDER BY e.seq LIMIT 1`,
      ),
    );
    const [first] = swapped;
    if (first) {
      return {
        ...result,
        ok: false,
        checkpoint,
        brokenAt: { seq: first.seq, reason: `attachment ${first.id} no longer matches the SHA-256 recorded at upload` },
      };
    }
    return { ...result, checkpoint };
  }

  async checkpoints(): Promise<CheckpointView[]> {
    const rows = await this.unitOfWork.run((tx) =>
      tx.query('SELECT seq, head_hash, event_count, at, key_id, payload, signature FROM audit_checkpoint ORDER BY seq'),
    );
    return (rows as Parameters<typeof toCheckpointView>[0][]).map(toCheckpointView);
  }

  /** The latest checkpoint at or before `seq` (for exports); null when none. */
  async checkpointAtOrBefore(tx: EntityManager, seq: number): Promise<CheckpointView | null> {
    const rows = await tx.query(
      'SELECT seq, head_hash, event_count, at, key_id, payload, signature FROM audit_checkpoint WHERE seq <= $1 ORDER BY seq DESC LIMIT 1',
      [seq],
    );
    const row = (rows as Parameters<typeof toCheckpointView>[0][])[0];
    return row ? toCheckpointView(row) : null;
  }

  publicKeyPem(): string {
    return this.signer.publicKeyPem();
  }

  /** Checkpoints the current head if it moved since the last checkpoint (the timer calls this). */
  async checkpointNow(): Promise<CheckpointView | null> {
    return this.unitOfWork.run(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      const [head] = (await tx.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')) as {
        seq: number;
        hash: string;
      }[];
      if (!head) return null;
      await insertCheckpoint(tx, this.signer, head);
      return this.checkpointAtOrBefore(tx, head.seq);
    });
  }

  private async latestCheckpointChecked(): Promise<(CheckpointView & { signatureValid: boolean }) | null> {
    const rows = await this.unitOfWork.run((tx) =>
      tx.query(
        'SELECT seq, head_hash, event_count, at, key_id, payload, signature FROM audit_checkpoint ORDER BY seq DESC LIMIT 1',
      ),
    );
    const row = (rows as Parameters<typeof toCheckpointView>[0][])[0];
    if (!row) return null;
    const view = toCheckpointView(row);
    let claimMatches = false;
    try {
      const claim = JSON.parse(view.payload) as { seq: number; headHash: string; count: number };
      claimMatches = claim.seq === view.seq && claim.headHash === view.headHash && claim.count === view.count;
    } catch {
      claimMatches = false;
    }
    return {
      ...view,
      signatureValid: claimMatches && verifyCheckpointSignature(view.payload, view.signature, this.publicKeyPem()),
    };
  }
}
