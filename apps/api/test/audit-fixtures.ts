import { randomUUID } from 'node:crypto';
import { escapeLiteral } from 'pg';
import { type AuditRecord, canonicalText, chainHash } from '../src/app/audit/audit-chain';
import { type CheckpointSigner } from '../src/app/audit/checkpoint-signer';
import type { TestWorld } from './test-app';

/** The columns the writer fills, in its order, as SQL array types for unnest(). */
const COLUMN_TYPES = [
  ['seq', 'bigint'],
  ['at', 'timestamptz'],
  ['actor_id', 'uuid'],
  ['actor_role', 'varchar'],
  ['department_id', 'uuid'],
  ['action', 'varchar'],
  ['entity_type', 'varchar'],
  ['entity_id', 'varchar'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
  ['request_id', 'varchar'],
  ['ip', 'varchar'],
  ['sha256', 'char(64)'],
  ['canonical', 'text'],
  ['prev_hash', 'char(64)'],
  ['hash', 'char(64)'],
] as const;

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

function rowOf(record: AuditRecord, canonical: string, prevHash: string, hash: string): unknown[] {
  return [
    record.seq,
    record.at,
    record.actorId,
    record.actorRole,
    record.departmentId,
    record.action,
    record.entityType,
    record.entityId,
    json(record.before),
    json(record.after),
    record.requestId,
    record.ip,
    record.sha256,
    canonical,
    prevHash,
    hash,
  ];
}

async function head(world: TestWorld): Promise<{ seq: number; hash: string }> {
  const [row] = await world.sql<{ seq: number; hash: string }>(
    'SELECT seq::int AS seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1',
  );
  return row ?? { seq: 0, hash: '0'.repeat(64) };
}

/**
 * Appends `count` valid events to the chain straight into the table, as the writer would have
 * stored them but without checkpoints (a fast fixture; `change` shapes each record).
 */
export async function appendAuditEvents(
  world: TestWorld,
  count: number,
  change: (record: AuditRecord) => void = () => undefined,
): Promise<void> {
  const start = await head(world);
  let prevHash = start.hash;
  const columns: unknown[][] = COLUMN_TYPES.map(() => []);
  for (let i = 1; i <= count; i++) {
    const record: AuditRecord = {
      seq: start.seq + i,
      at: new Date(Date.now() - (count - i)).toISOString(),
      actorId: null,
      actorRole: null,
      departmentId: null,
      action: 'task.update',
      entityType: 'task',
      entityId: randomUUID(),
      before: { percentComplete: i % 100 },
      after: { percentComplete: (i % 100) + 1, summary: `第 ${i} 次进展` },
      requestId: null,
      ip: null,
      sha256: null,
    };
    change(record);
    const canonical = canonicalText(record);
    const hash = chainHash(prevHash, canonical);
    rowOf(record, canonical, prevHash, hash).forEach((value, c) => columns[c]?.push(value));
    prevHash = hash;
  }
  await world.sql(
    `INSERT INTO audit_event (${COLUMN_TYPES.map(([name]) => name).join(', ')})
     SELECT * FROM unnest(${COLUMN_TYPES.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
    columns,
  );
}

/**
 * What someone with the database superuser and the stolen signing key can do: change the event at
 * `fromSeq`, recompute every later hash so that the chain is consistent again, and re-sign the
 * checkpoints from there on. Only a checkpoint the auditor pinned before shows it.
 */
export async function rewriteAuditHistory(
  world: TestWorld,
  fromSeq: number,
  change: (record: AuditRecord) => void,
  stolenKey: CheckpointSigner,
): Promise<void> {
  const rows = await world.sql<{ seq: number; canonical: string; prev_hash: string }>(
    'SELECT seq::int AS seq, canonical, prev_hash FROM audit_event WHERE seq >= $1 ORDER BY seq',
    [fromSeq],
  );
  const statements: string[] = [];
  const literal = (value: unknown) => (value === null ? 'NULL' : escapeLiteral(String(value)));
  const hashes = new Map<number, string>();
  let prevHash = rows[0]?.prev_hash ?? '0'.repeat(64);
  for (const row of rows) {
    const record = JSON.parse(row.canonical) as AuditRecord;
    if (row.seq === fromSeq) change(record);
    const canonical = canonicalText(record);
    const hash = chainHash(prevHash, canonical);
    const values = rowOf(record, canonical, prevHash, hash);
    const assignments = COLUMN_TYPES.slice(1).map(([name, type], i) => `${name} = ${literal(values[i + 1])}::${type}`);
    statements.push(`UPDATE audit_event SET ${assignments.join(', ')} WHERE seq = ${row.seq}`);
    hashes.set(row.seq, hash);
    prevHash = hash;
  }
  const checkpoints = await world.sql<{ seq: number; at: Date }>(
    'SELECT seq::int AS seq, at FROM audit_checkpoint WHERE seq >= $1 ORDER BY seq',
    [fromSeq],
  );
  for (const checkpoint of checkpoints) {
    const claim = {
      seq: checkpoint.seq,
      headHash: hashes.get(checkpoint.seq) ?? '',
      count: checkpoint.seq,
      at: checkpoint.at.toISOString(),
      keyId: stolenKey.keyId,
    };
    const { payload, signature } = stolenKey.sign(claim);
    statements.push(
      `UPDATE audit_checkpoint SET head_hash = ${literal(claim.headHash)}, key_id = ${literal(claim.keyId)},
              payload = ${literal(payload)}, signature = ${literal(signature)} WHERE seq = ${claim.seq}`,
    );
  }
  // One transaction, the audit tables' triggers bypassed; the new hashes collide with no old one.
  await world.sql(
    `BEGIN; SET LOCAL session_replication_role = replica; ${statements.join(';\n')}; COMMIT`,
    [],
    'superuser',
  );
}
