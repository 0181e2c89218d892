import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  type AuditEventView,
  type CheckpointView,
  type Page,
  type SigningKeyView,
  type VerifyFinding,
  type VerifyResult,
  type VerifyWarning,
  cleanString,
  dateTimeSchema,
  pageQueryShape,
} from '@zibo/domain';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { cursorKey, decodeCursor, encodeCursor } from '../../core/http/cursor';
import { problems } from '../../core/problems/problem.exception';
import { AUDIT_EVENT_CHAIN_NAMES, auditColumnPlan } from './audit-event-columns';
import { AUDIT_CHAIN_LOCK_KEY, insertCheckpoint } from './audit-writer.service';
import { ChainWalker } from './audit-verification';
import { CheckpointSigner } from './checkpoint-signer';
import { type StoredCheckpoint, checkpointProblem, firstUncoveredEvents } from './checkpoint-verification';
import { knownSigningKeys, registerSigningKey } from './signing-keys';

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
export type { AuditEventView, CheckpointView, SigningKeyView, VerifyResult };
export type AuditFilter = Partial<Record<keyof typeof auditFilterShape, string>>;

// Rows per verify batch: two are in memory at once (one checked, one read ahead), every column of
// each, so the batch is kept smaller than the export's to keep the walk inside the heap budget.
const BATCH = 2000;
const CHECKPOINT_COLUMNS = `seq, head_hash, event_count, at, key_id, payload, signature`;
// A timer checkpoint can be this late (the tick itself, a slow transaction) before it is overdue.
const TIMER_GRACE_MS = 60_000;

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
type CheckpointRow = Parameters<typeof toCheckpointView>[0];

@Injectable()
export class AuditService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly signer: CheckpointSigner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records the current key's public half, so that its checkpoints stay verifiable after a rotation. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.unitOfWork.run((tx) => registerSigningKey(tx, this.signer));
    } catch (error) {
      // Not fatal: every checkpoint records its key again.
      this.logger.warn(`the signing key's public key is not recorded yet: ${String(error)}`);
    }
  }

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
   * Walks the whole chain in batches (constant memory): every row's hash and link, every stored
   * column against the hashed event (the columns the table has, each by its rule), then every
   * signed checkpoint (payload, signature with its key, the hash at its seq), the checkpoint
   * rule (one at least every 1,000 events) and the evidence files. The first finding is
   * `brokenAt`; an overdue timer checkpoint is only a warning.
   */
  async verify(): Promise<VerifyResult> {
    const columns = (
      await this.unitOfWork.run<{ column_name: string }[]>((tx) =>
        tx.query(
          `SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'audit_event' ORDER BY ordinal_position`,
        ),
      )
    ).map((c) => c.column_name);
    const checkpoints = await this.storedCheckpoints();
    const publicKeys = new Map((await this.publicKeys()).map((key) => [key.keyId, key.publicKeyPem]));
    const latest = checkpoints[checkpoints.length - 1];
    const checkpoint = latest
      ? { ...toPublicCheckpoint(latest), signatureValid: checkpointProblem(latest, publicKeys) === null }
      : null;
    const plan = auditColumnPlan(columns);
    if ('unruled' in plan) {
      const reason = `audit_event has a column ${plan.unruled} that verification has no rule for: it cannot vouch for it`;
      this.logger.error(`${reason} (add one in audit-event-columns.ts)`);
      return {
        ok: false,
        checked: 0,
        head: null,
        checkpoint,
        brokenAt: { seq: 0, reason, column: plan.unruled },
        warnings: [],
      };
    }

    const walker = new ChainWalker({ names: AUDIT_EVENT_CHAIN_NAMES });
    const checkpointSeqs = new Set(checkpoints.map((c) => c.seq));
    const hashesAtCheckpoints = new Map<number, string>();
    const walked = (brokenAt: VerifyFinding | null, warnings: VerifyWarning[] = []): VerifyResult => {
      const { checked, head } = walker.result();
      return { ok: brokenAt === null, checked, head, checkpoint, ...(brokenAt ? { brokenAt } : {}), warnings };
    };
    type Row = Record<string, unknown> & { seq: number; prev_hash: string; hash: string; canonical: string };
    const batch = (after: number) =>
      this.unitOfWork.run<Row[]>((tx) =>
        tx.query(`SELECT ${plan.select} FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, BATCH]),
      );
    // The next batch is read while this one is checked (the database and node work side by side).
    let next: Promise<Row[]> | null = batch(0);
    while (next) {
      const rows: Row[] = await next;
      const last = rows[rows.length - 1];
      next = rows.length === BATCH && last ? batch(Number(last.seq)) : null;
      // A finding ends the walk early: the batch read ahead is then dropped, its failure with it.
      next?.catch(() => undefined);
      for (const r of rows) {
        const broken = walker.check({
          seq: r.seq,
          prevHash: r.prev_hash,
          hash: r.hash,
          canonical: r.canonical,
          mismatch: (record) => plan.mismatch(r, record),
        });
        if (broken) return walked(broken);
        if (checkpointSeqs.has(r.seq)) hashesAtCheckpoints.set(r.seq, r.hash);
      }
    }
    const broken = walker.finish();
    if (broken) return walked(broken);

    const { checked, head } = walker.result();
    const warnings = await this.overdueCheckpoint(head, latest?.seq ?? 0);
    for (const c of checkpoints) {
      const problem = checkpointProblem(c, publicKeys);
      if (problem) return walked({ seq: c.seq, reason: problem }, warnings);
      if (!head || c.seq > head.seq) {
        return walked(
          { seq: c.seq, reason: `the checkpoint covers ${c.count} events but only ${checked} remain: events deleted` },
          warnings,
        );
      }
      if (hashesAtCheckpoints.get(c.seq) !== c.headHash) {
        return walked({ seq: c.seq, reason: 'the event at the checkpoint no longer has the signed hash' }, warnings);
      }
    }
    const uncovered = firstUncoveredEvents([...checkpointSeqs], head?.seq ?? 0);
    if (uncovered)
      return walked({ seq: uncovered.seq, reason: 'checkpoint-missing', detail: uncovered.detail }, warnings);

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
      return walked(
        { seq: first.seq, reason: `attachment ${first.id} no longer matches the SHA-256 recorded at upload` },
        warnings,
      );
    }
    return walked(null, warnings);
  }

  async checkpoints(): Promise<CheckpointView[]> {
    const rows = await this.unitOfWork.run((tx) =>
      tx.query<CheckpointRow[]>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY seq`),
    );
    return rows.map(toCheckpointView);
  }

  /** The latest checkpoint at or before `seq` (for exports); null when none. */
  async checkpointAtOrBefore(tx: EntityManager, seq: number): Promise<CheckpointView | null> {
    const rows = await tx.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE seq <= $1 ORDER BY seq DESC LIMIT 1`,
      [seq],
    );
    const row = rows[0];
    return row ? toCheckpointView(row) : null;
  }

  /** The current key's public half (PEM). */
  publicKeyPem(): string {
    return this.signer.publicKeyPem();
  }

  /** Every key that signed checkpoints, oldest first; the current one marked. */
  publicKeys(): Promise<SigningKeyView[]> {
    return this.unitOfWork.run((tx) => knownSigningKeys(tx, this.signer));
  }

  /** The public key (PEM) of one key id; 404 when no checkpoint key has that id. */
  async publicKeyPemOf(keyId: string): Promise<string> {
    const key = (await this.publicKeys()).find((k) => k.keyId === keyId);
    if (!key) throw problems.notFound('Signing key');
    return key.publicKeyPem;
  }

  /** Checkpoints the current head if it moved since the last checkpoint (the timer calls this). */
  async checkpointNow(): Promise<CheckpointView | null> {
    return this.unitOfWork.run(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      const [head] = await tx.query<
        {
          seq: number;
          hash: string;
        }[]
      >('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
      if (!head) return null;
      await insertCheckpoint(tx, this.signer, head);
      return this.checkpointAtOrBefore(tx, head.seq);
    });
  }

  /** Every checkpoint, oldest first, with `at` to the microsecond. */
  private async storedCheckpoints(): Promise<StoredCheckpoint[]> {
    const rows = await this.unitOfWork.run<(Parameters<typeof toCheckpointView>[0] & { at_text: string })[]>((tx) =>
      tx.query(
        `SELECT ${CHECKPOINT_COLUMNS},
                to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text
           FROM audit_checkpoint ORDER BY seq`,
      ),
    );
    return rows.map((r) => ({ ...toCheckpointView(r), atText: r.at_text }));
  }

  /**
   * The timer rule (a checkpoint at least every CHECKPOINT_INTERVAL_MINUTES): only a warning,
   * since a database just restored or seeded has old events that no timer could have covered yet.
   */
  private async overdueCheckpoint(head: { seq: number } | null, checkpointSeq: number): Promise<VerifyWarning[]> {
    if (!head || head.seq <= checkpointSeq) return [];
    const [newest] = await this.unitOfWork.run<{ at: Date }[]>((tx) =>
      tx.query('SELECT at FROM audit_event WHERE seq = $1', [head.seq]),
    );
    const intervalMs = this.config.checkpointIntervalMinutes * 60_000;
    if (!newest || this.clock.now().getTime() - newest.at.getTime() <= intervalMs + TIMER_GRACE_MS) return [];
    return [
      {
        seq: checkpointSeq + 1,
        reason: 'checkpoint-overdue',
        detail:
          `the newest event (seq ${head.seq}, ${newest.at.toISOString()}) is older than ` +
          `${this.config.checkpointIntervalMinutes} minutes and no checkpoint covers it yet`,
      },
    ];
  }
}

/** A stored checkpoint as the api shows it. */
function toPublicCheckpoint(c: StoredCheckpoint): CheckpointView {
  return {
    seq: c.seq,
    headHash: c.headHash,
    count: c.count,
    at: c.at,
    keyId: c.keyId,
    payload: c.payload,
    signature: c.signature,
  };
}
