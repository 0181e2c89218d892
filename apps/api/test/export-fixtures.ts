import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { type AuditRecord, GENESIS_HASH, canonicalText, chainHash } from '../src/app/audit/audit-chain';
import type { CheckpointSigner } from '../src/app/audit/checkpoint-signer';
import { type ExportContext, type ExportEvent, canonicalColumnCount } from '../src/app/exports/audit-export-layout';
import type { AuditExportWriter } from '../src/app/exports/audit-export-writer';
import { CsvExportWriter } from '../src/app/exports/csv-export-writer';
import { ExportSink } from '../src/app/exports/export-sink';
import { XlsxExportWriter } from '../src/app/exports/xlsx-export-writer';

/** A valid chain of `count` events, as the audit writer would have stored it (no database). */
export function exportChain(count: number, change: (record: AuditRecord) => void = () => undefined): ExportEvent[] {
  const events: ExportEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const record: AuditRecord = {
      seq,
      at: new Date(Date.UTC(2026, 10, 27, 7, 0, seq)).toISOString(),
      actorId: '2f1e6a52-6a43-4c7e-9d52-0d7a8a1d2b11',
      actorRole: 'committee',
      departmentId: null,
      action: 'task.update',
      entityType: seq % 3 === 0 ? 'department' : 'task',
      entityId: `e-${seq}`,
      before: { title: `旧标题 ${seq}` },
      after: { title: `新标题 ${seq}`, percent: seq },
      requestId: `req-${seq}`,
      ip: '127.0.0.1',
      sha256: null,
    };
    change(record);
    const canonical = canonicalText(record);
    const hash = chainHash(prevHash, canonical);
    events.push({ seq, prevHash, hash, canonical, actorName: '管委会 张三', departmentName: null });
    prevHash = hash;
  }
  return events;
}

/** A checkpoint of the chain at `seq`, signed by `signer`, as GET /api/audit/checkpoints gives it. */
export function signedCheckpoint(events: readonly ExportEvent[], seq: number, signer: CheckpointSigner) {
  const event = events.find((e) => e.seq === seq);
  if (!event) throw new Error(`no event ${seq}`);
  const claim = { seq, headHash: event.hash, count: seq, at: '2026-11-27T07:05:00.000Z', keyId: signer.keyId };
  return { ...claim, ...signer.sign(claim) };
}

/** What an export of `events` states about itself; unfiltered unless a filter is given. */
export function exportContextOf(
  events: readonly ExportEvent[],
  checkpointSeq: number | null,
  signer: CheckpointSigner,
  filter: Record<string, string> = {},
): ExportContext {
  const head = events[events.length - 1];
  return {
    exportedAt: new Date('2026-11-27T08:00:00.000Z'),
    exportedBy: 'auditor',
    timeZone: 'Asia/Shanghai',
    filter,
    unfiltered: Object.keys(filter).length === 0,
    head: head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH },
    checkpoint: checkpointSeq === null ? null : signedCheckpoint(events, checkpointSeq, signer),
  };
}

/** Writes an export file of `events` into `dir` with the api's writers (in two batches). */
export async function writeExportFile(
  dir: string,
  format: 'csv' | 'xlsx',
  events: readonly ExportEvent[],
  context: ExportContext,
  rowsPerSheet?: number,
): Promise<string> {
  const path = join(dir, `export-${randomBytes(4).toString('hex')}.${format}`);
  const sink = new ExportSink(createWriteStream(path));
  const writer: AuditExportWriter =
    format === 'csv'
      ? new CsvExportWriter(sink, context)
      : new XlsxExportWriter(
          sink,
          context,
          canonicalColumnCount(
            Math.max(0, ...events.map((e) => e.canonical.length)),
            Math.max(0, ...events.map((e) => Buffer.byteLength(e.canonical))),
          ),
          rowsPerSheet,
        );
  await writer.start();
  await writer.write(events.slice(0, 10));
  await writer.write(events.slice(10));
  await writer.finish(events.length);
  await sink.end();
  return path;
}
