import { createPublicKey } from 'node:crypto';
import { type BrokenLink, ChainWalker, keyIdOf, verifyCheckpointSignature } from '../audit';
import { readableMismatch } from './audit-export-batches';
import { CHECKPOINT_SECTION, EXPORT_FORMAT } from './audit-export-layout';
import { type ExportFileKind, type ReadExportOptions, exportFileKind, readAuditExport } from './audit-export-reader';
import { type PinnedCheckpoint, checkpointMatchesPayload } from './pinned-checkpoint';
import { type BatchRunner, IN_PROCESS, VerifyWorkerPool } from './verify-workers';

export interface ExportVerification {
  ok: boolean;
  /** Event rows read (up to the first break). */
  rows: number;
  /** The last event row. */
  head: { seq: number; hash: string } | null;
  /** From the export's metadata; null when it could not be read. */
  unfiltered: boolean | null;
  checkpoint: { seq: number; signature: 'valid' | 'not checked' } | null;
  /** The pinned checkpoint (`--since`) this export was shown to extend. */
  pinned: { seq: number; signature: 'valid' | 'not checked' } | null;
  brokenAt: BrokenLink | null;
}

export interface VerifyExportOptions {
  /** An Ed25519 public key (PEM) the auditor trusts; without any, signatures are not checked. */
  publicKeyPem?: string;
  /** More trusted public keys (PEM), e.g. of keys before a rotation: a checkpoint's keyId picks one. */
  publicKeyPems?: readonly string[];
  /** A checkpoint saved earlier: the export must hold the same hash at its seq. */
  since?: PinnedCheckpoint;
  /**
   * Worker threads to read and check rows in: a script that serves them (serveVerifyBatches when
   * not the main thread) and how many. Without, the same work runs in this thread.
   */
  workers?: { script: string; count: number };
  /** Bytes of rows per batch (tests make them small, to cut files in many places). */
  batchBytes?: number;
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

/** The trusted public keys by key id; an unreadable one is reported at `seq`. */
function trustedKeys(options: VerifyExportOptions, seq: number): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pem of [...(options.publicKeyPem ? [options.publicKeyPem] : []), ...(options.publicKeyPems ?? [])]) {
    try {
      keys.set(keyIdOf(createPublicKey(pem)), pem);
    } catch {
      throw broken(seq, 'a public key given is not a PEM public key');
    }
  }
  return keys;
}

/**
 * Checks a trusted checkpoint's signature: its key id must be one of the trusted keys and the
 * Ed25519 signature must verify with it. `what` names it in the finding.
 */
function checkSignature(
  checkpoint: { seq: number; keyId: string; payload: string; signature: string },
  keys: Map<string, string>,
  what: string,
): void {
  const pem = keys.get(checkpoint.keyId);
  if (!pem) {
    throw broken(
      checkpoint.seq,
      `${what} was signed with key ${checkpoint.keyId}, the public key${keys.size > 1 ? 's' : ''} given ${
        keys.size > 1 ? 'are' : 'is'
      } ${[...keys.keys()].join(', ')}`,
    );
  }
  if (!verifyCheckpointSignature(checkpoint.payload, checkpoint.signature, pem)) {
    throw broken(checkpoint.seq, `${what} signature does not verify with the public key given`);
  }
}

async function hashInFile(
  path: string,
  kind: ExportFileKind,
  seq: number,
  read: ReadExportOptions,
): Promise<string | undefined> {
  for await (const item of readAuditExport(path, kind, read)) {
    if (item.kind === 'event' && item.event.seq >= seq) return item.event.seq === seq ? item.event.hash : undefined;
  }
  return undefined;
}

/**
 * Verifies an exported CSV or XLSX file on its own (plus, optionally, trusted public keys and a
 * pinned checkpoint): every row's hash from its `prevHash` and `canonical`, the links where seq
 * numbers are consecutive, the readable columns against the hashed event, the metadata (row
 * count, chain head, whether the export is complete), that the export extends the pinned
 * checkpoint (`since`: same hash at its seq), and the signed checkpoint of an unfiltered export —
 * its payload, its signature, and that the exported row at its seq has the signed hash. Reads the
 * file once, row by row, in constant memory.
 */
export async function verifyAuditExport(path: string, options: VerifyExportOptions = {}): Promise<ExportVerification> {
  const workers = options.workers;
  const runner: BatchRunner =
    workers && workers.count > 0 ? new VerifyWorkerPool(workers.script, workers.count) : IN_PROCESS;
  try {
    return await verifyWith(path, options, { runner, batchBytes: options.batchBytes });
  } finally {
    await runner.close();
  }
}

async function verifyWith(
  path: string,
  options: VerifyExportOptions,
  read: ReadExportOptions,
): Promise<ExportVerification> {
  const kind = await exportFileKind(path);
  // Whether the export is unfiltered is in the metadata at the end: links are checked where seq
  // is contiguous, and an unfiltered export must in addition start at 1 without gaps (below).
  const walker = new ChainWalker({ expectGenesis: false });
  const since = options.since;
  let hashAtPinned: string | undefined;
  const recent = new RecentHashes();
  const meta = new Map<string, string>();
  const checkpointEntries = new Map<string, string>();
  let rows = 0;
  let first: number | null = null;
  let gap: BrokenLink | null = null;
  let last: { seq: number; hash: string } | null = null;
  let unfiltered: boolean | null = null;

  let pinned: ExportVerification['pinned'] = null;
  const result = (
    brokenAt: BrokenLink | null,
    checkpoint: ExportVerification['checkpoint'] = null,
  ): ExportVerification => ({
    ok: brokenAt === null,
    rows,
    head: last,
    unfiltered,
    checkpoint,
    pinned: brokenAt ? null : pinned,
    brokenAt,
  });

  try {
    let metadataRows = 0;
    for await (const item of readAuditExport(path, kind, read)) {
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
        analysis: event.analysis,
        mismatch: (record) => (event.readable ? readableMismatch(record, event.readable) : null),
      });
      if (brokenLink) throw new Broken(brokenLink);
      if (since && event.seq === since.seq) hashAtPinned = event.hash;
      rows += 1;
      if (first === null) first = event.seq;
      else if (last && event.seq !== last.seq + 1 && !gap) {
        gap = { seq: event.seq, reason: `seq ${last.seq + 1}…${event.seq - 1} missing`, column: 'seq' };
      }
      last = { seq: event.seq, hash: event.hash };
      recent.put(event.seq, event.hash);
    }

    const lastLink = walker.finish();
    if (lastLink) throw new Broken(lastLink);
    const end = last?.seq ?? 0;
    if (!meta.has('format')) {
      throw broken(end, 'no metadata after the rows: the file is incomplete (a download cut short?) or not an export');
    }
    if (meta.get('format') !== EXPORT_FORMAT) throw broken(end, `unknown export format "${meta.get('format')}"`);
    const flag = meta.get('unfiltered');
    if (flag !== 'true' && flag !== 'false') throw broken(end, 'metadata "unfiltered" is neither true nor false');
    unfiltered = flag === 'true';
    if (unfiltered && first !== null && first !== 1) {
      throw new Broken({
        seq: first,
        reason: `the export is unfiltered but starts at seq ${first}, not 1: events missing`,
        column: 'seq',
      });
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

    if (since) {
      // The auditor's own record of the history: it must be intact itself, then found in the export.
      if (!checkpointMatchesPayload(since)) {
        throw broken(since.seq, 'the pinned checkpoint (--since) does not match its own signed payload');
      }
      const keys = trustedKeys(options, since.seq);
      if (keys.size > 0) checkSignature(since, keys, 'the pinned checkpoint (--since)');
      if (!unfiltered) {
        throw broken(
          since.seq,
          'a filtered export cannot show that it extends the pinned checkpoint: export unfiltered',
        );
      }
      if (hashAtPinned === undefined) {
        throw broken(
          since.seq,
          `the export does not hold seq ${since.seq} of the pinned checkpoint: it does not extend it`,
        );
      }
      if (hashAtPinned !== since.headHash) {
        throw new Broken({
          seq: since.seq,
          column: 'hash',
          reason:
            'the export does not extend the pinned checkpoint: its event at that seq has another hash (history rewritten)',
        });
      }
      pinned = { seq: since.seq, signature: keys.size > 0 ? 'valid' : 'not checked' };
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
    const signed = {
      seq,
      keyId: checkpoint.keyId ?? '',
      payload: checkpoint.payload ?? '',
      signature: checkpoint.signature ?? '',
    };
    if (claim['count'] !== seq)
      throw broken(seq, `the checkpoint counts ${String(claim['count'])} events up to seq ${seq}`);
    if (!last || seq > last.seq) throw broken(seq, 'the checkpoint is after the last exported row');
    const hashAtCheckpoint = recent.get(seq) ?? (await hashInFile(path, kind, seq, read));
    if (hashAtCheckpoint === undefined) throw broken(seq, 'the event the checkpoint vouches for is not in the export');
    if (hashAtCheckpoint !== checkpoint.headHash) {
      throw broken(seq, 'the exported event at the checkpoint does not have the signed head hash');
    }
    const keys = trustedKeys(options, seq);
    if (keys.size === 0) return result(null, { seq, signature: 'not checked' });
    checkSignature(signed, keys, 'the checkpoint');
    return result(null, { seq, signature: 'valid' });
  } catch (error) {
    if (error instanceof Broken) return result(error.at);
    const message = error instanceof Error ? error.message : String(error);
    return result({ seq: last?.seq ?? 0, reason: `the file cannot be read after this row: ${message}` });
  }
}

/** The one line the command-line verifier prints. */
export function describeVerification(v: ExportVerification): string {
  if (v.brokenAt) {
    const { seq, column, reason, detail } = v.brokenAt;
    return `BROKEN at seq ${seq}${column ? `, column ${column}` : ''}: ${reason}${detail ? ` (${detail})` : ''}`;
  }
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
  const pinned = v.pinned
    ? `, extends the pinned checkpoint ${v.pinned.seq}${v.pinned.signature === 'valid' ? '' : ' (its signature not checked)'}`
    : '';
  return `OK: ${v.rows} rows${scope}, ${head}, ${checkpoint}${pinned}`;
}
