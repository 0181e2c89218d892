import { createPublicKey } from 'node:crypto';
import type { AuditRecord } from '../audit/audit-chain';
import { type BrokenLink, ChainWalker } from '../audit/audit-verification';
import { keyIdOf, verifyCheckpointSignature } from '../audit/checkpoint-signer';
import {
  CHECKPOINT_SECTION,
  EXPORT_FORMAT,
  HASHED_READABLE_COLUMNS,
  type ReadableColumn,
  hashedReadableCell,
  recordOf,
} from './audit-export-layout';
import { type ExportFileKind, type ExportedEvent, exportFileKind, readAuditExport } from './audit-export-reader';
import { ZonedTimeFormat } from './zoned-time-format';

export interface ExportVerification {
  ok: boolean;
  /** Event rows read (up to the first break). */
  rows: number;
  /** The last event row. */
  head: { seq: number; hash: string } | null;
  /** From the export's metadata; null when it could not be read. */
  unfiltered: boolean | null;
  checkpoint: { seq: number; signature: 'valid' | 'not checked' } | null;
  brokenAt: BrokenLink | null;
}

export interface VerifyExportOptions {
  /** The Ed25519 public key (PEM) from GET /api/audit/public-key; without it the signature is not checked. */
  publicKeyPem?: string;
}

// Hashes of the newest rows kept while reading, to find the checkpoint's row without a second
// pass: checkpoints come every 1,000 events, so the latest is nearly always among them.
const RECENT_HASHES = 10_000;
const MAX_METADATA_ROWS = 1_000;
const CHECKPOINT_KEYS = ['seq', 'headHash', 'count', 'at', 'keyId', 'payload', 'signature'] as const;

class RecentHashes {
  private readonly seqs = new Array<number>(RECENT_HASHES).fill(0);
  private readonly hashes = new Array<string>(RECENT_HASHES).fill('');

  put(seq: number, hash: string): void {
    this.seqs[seq % RECENT_HASHES] = seq;
    this.hashes[seq % RECENT_HASHES] = hash;
  }

  get(seq: number): string | undefined {
    return this.seqs[seq % RECENT_HASHES] === seq ? this.hashes[seq % RECENT_HASHES] : undefined;
  }
}

class Broken extends Error {
  constructor(readonly at: BrokenLink) {
    super(at.reason);
  }
}
const broken = (seq: number, reason: string) => new Broken({ seq, reason });

// `at` is compared as an instant (the export writes it in its business time zone).
const UTC = new ZonedTimeFormat('UTC');

/** A readable cell must say what the hashed event says (names of people and departments excepted). */
function readableMismatch(record: AuditRecord, event: ExportedEvent): ReadableColumn | null {
  for (const column of HASHED_READABLE_COLUMNS) {
    const cell = event.readable[column];
    if (column === 'at' && typeof record.at === 'string') {
      const instant = Date.parse(cell);
      if (Number.isNaN(instant) || instant !== Date.parse(record.at)) return column;
    } else if (cell !== hashedReadableCell(record, column, UTC)) {
      return column;
    }
  }
  return null;
}

async function hashInFile(path: string, kind: ExportFileKind, seq: number): Promise<string | undefined> {
  for await (const item of readAuditExport(path, kind)) {
    if (item.kind === 'event' && item.event.seq >= seq) return item.event.seq === seq ? item.event.hash : undefined;
  }
  return undefined;
}

/**
 * Verifies an exported CSV or XLSX file on its own (plus, optionally, the public key): every
 * row's hash from its `prevHash` and `canonical`, the links where seq numbers are consecutive,
 * the readable columns against the hashed event, the metadata (row count, chain head, whether
 * the export is complete), and the signed checkpoint of an unfiltered export — its payload, its
 * signature, and that the exported row at its seq has the signed hash. Reads the file once, row
 * by row, in constant memory.
 */
export async function verifyAuditExport(path: string, options: VerifyExportOptions = {}): Promise<ExportVerification> {
  const kind = await exportFileKind(path);
  // Whether the export is unfiltered is in the metadata at the end: links are checked where seq
  // is contiguous, and an unfiltered export must in addition start at 1 without gaps (below).
  const walker = new ChainWalker(false);
  const recent = new RecentHashes();
  const meta = new Map<string, string>();
  const checkpointEntries = new Map<string, string>();
  let rows = 0;
  let first: number | null = null;
  let gap: BrokenLink | null = null;
  let last: { seq: number; hash: string } | null = null;
  let unfiltered: boolean | null = null;

  const result = (brokenAt: BrokenLink | null, checkpoint: ExportVerification['checkpoint'] = null) => ({
    ok: brokenAt === null,
    rows,
    head: last,
    unfiltered,
    checkpoint,
    brokenAt,
  });

  try {
    let metadataRows = 0;
    for await (const item of readAuditExport(path, kind)) {
      if (item.kind === 'entry') {
        metadataRows += 1;
        if (metadataRows > MAX_METADATA_ROWS) throw broken(last?.seq ?? 0, 'too many metadata rows');
        const target = item.entry.section === CHECKPOINT_SECTION ? checkpointEntries : meta;
        if (target.has(item.entry.key)) {
          throw broken(last?.seq ?? 0, `${item.entry.section} ${item.entry.key} appears twice`);
        }
        target.set(item.entry.key, item.entry.value);
        continue;
      }
      if (metadataRows > 0) throw broken(item.event.seq, 'an event row after the metadata');
      const event = item.event;
      const brokenLink = walker.check({
        seq: event.seq,
        prevHash: event.prevHash,
        hash: event.hash,
        canonical: event.canonical,
      });
      if (brokenLink) throw new Broken(brokenLink);
      // The walker has checked that canonical is the RFC 8785 JSON of the event.
      const record = recordOf(event.canonical) as AuditRecord;
      const mismatch = readableMismatch(record, event);
      if (mismatch) throw broken(event.seq, `readable column ${mismatch} differs from the hashed event`);
      rows += 1;
      if (first === null) first = event.seq;
      else if (last && event.seq !== last.seq + 1 && !gap) {
        gap = { seq: event.seq, reason: `seq ${last.seq + 1}…${event.seq - 1} missing` };
      }
      last = { seq: event.seq, hash: event.hash };
      recent.put(event.seq, event.hash);
    }

    const end = last?.seq ?? 0;
    if (!meta.has('format')) {
      throw broken(end, 'no metadata after the rows: the file is incomplete (a download cut short?) or not an export');
    }
    if (meta.get('format') !== EXPORT_FORMAT) throw broken(end, `unknown export format "${meta.get('format')}"`);
    const flag = meta.get('unfiltered');
    if (flag !== 'true' && flag !== 'false') throw broken(end, 'metadata "unfiltered" is neither true nor false');
    unfiltered = flag === 'true';
    if (unfiltered && first !== null && first !== 1) {
      throw broken(first, `the export is unfiltered but starts at seq ${first}, not 1: events missing`);
    }
    if (unfiltered && gap) throw new Broken(gap);
    if (meta.get('rows') !== String(rows)) {
      throw broken(
        end,
        `the file holds ${rows} events but its metadata says ${meta.get('rows')}: rows added or removed`,
      );
    }
    const headSeq = Number(meta.get('chainHeadSeq'));
    const headHash = meta.get('chainHeadHash');
    if (last && last.seq > headSeq)
      throw broken(last.seq, `a row after the chain head (seq ${headSeq}) the export names`);
    if (last && last.seq === headSeq && last.hash !== headHash) {
      throw broken(last.seq, 'the last row does not have the chain head hash the export names');
    }
    if (unfiltered && end !== headSeq) {
      throw broken(end, `the export is unfiltered but ends at seq ${end}, not at the chain head ${headSeq}`);
    }

    if (checkpointEntries.size === 0) return result(null);
    const checkpoint = Object.fromEntries(CHECKPOINT_KEYS.map((key) => [key, checkpointEntries.get(key)])) as Record<
      (typeof CHECKPOINT_KEYS)[number],
      string | undefined
    >;
    const seq = Number(checkpoint.seq);
    if (!Number.isSafeInteger(seq) || seq < 1) throw broken(end, 'the checkpoint has no valid seq');
    const missing = CHECKPOINT_KEYS.filter((key) => checkpoint[key] === undefined);
    if (missing.length) throw broken(seq, `the checkpoint lacks ${missing.join(', ')}`);
    let claim: Record<string, unknown> = {};
    try {
      claim = JSON.parse(checkpoint.payload ?? '') as Record<string, unknown>;
    } catch {
      throw broken(seq, 'the checkpoint payload is not JSON');
    }
    const matches =
      claim['seq'] === seq &&
      claim['headHash'] === checkpoint.headHash &&
      claim['count'] === Number(checkpoint.count) &&
      claim['at'] === checkpoint.at &&
      claim['keyId'] === checkpoint.keyId;
    if (!matches) throw broken(seq, 'the checkpoint payload does not match its seq, headHash, count, at and keyId');
    if (claim['count'] !== seq)
      throw broken(seq, `the checkpoint counts ${String(claim['count'])} events up to seq ${seq}`);
    if (!last || seq > last.seq) throw broken(seq, 'the checkpoint is after the last exported row');
    const hashAtCheckpoint = recent.get(seq) ?? (await hashInFile(path, kind, seq));
    if (hashAtCheckpoint === undefined) throw broken(seq, 'the event the checkpoint vouches for is not in the export');
    if (hashAtCheckpoint !== checkpoint.headHash) {
      throw broken(seq, 'the exported event at the checkpoint does not have the signed head hash');
    }
    if (!options.publicKeyPem) return result(null, { seq, signature: 'not checked' });
    let keyId: string;
    try {
      keyId = keyIdOf(createPublicKey(options.publicKeyPem));
    } catch {
      throw broken(seq, 'the public key given is not a PEM public key');
    }
    if (keyId !== checkpoint.keyId) {
      throw broken(seq, `the checkpoint was signed with key ${checkpoint.keyId}, the public key given is ${keyId}`);
    }
    if (!verifyCheckpointSignature(checkpoint.payload ?? '', checkpoint.signature ?? '', options.publicKeyPem)) {
      throw broken(seq, 'the checkpoint signature does not verify with the public key given');
    }
    return result(null, { seq, signature: 'valid' });
  } catch (error) {
    if (error instanceof Broken) return result(error.at);
    const message = error instanceof Error ? error.message : String(error);
    return result({ seq: last?.seq ?? 0, reason: `the file cannot be read after this row: ${message}` });
  }
}

/** The one line the command-line verifier prints. */
export function describeVerification(v: ExportVerification): string {
  if (v.brokenAt) return `BROKEN at seq ${v.brokenAt.seq}: ${v.brokenAt.reason}`;
  const scope = v.unfiltered ? '' : ' (filtered export: links checked where seq is contiguous)';
  const head = v.head ? `head ${v.head.seq} ${v.head.hash}` : 'no rows';
  let checkpoint: string;
  if (v.checkpoint) {
    checkpoint = `checkpoint ${v.checkpoint.seq} signature ${
      v.checkpoint.signature === 'valid' ? 'valid' : 'not checked (no --public-key given)'
    }`;
  } else {
    checkpoint = v.unfiltered
      ? 'no signed checkpoint at or before the last row yet'
      : 'no checkpoint (filtered export)';
  }
  return `OK: ${v.rows} rows${scope}, ${head}, ${checkpoint}`;
}
