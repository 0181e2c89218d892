import type { VerifyFinding } from '@zibo/domain';
import { type AuditRecord, GENESIS_HASH, chainHash, isCanonicalText } from './audit-chain';

/** A stored column that does not say what the hashed event says. */
export interface ColumnMismatch {
  column: string;
  reason: string;
}

/** One stored audit row, as verification reads it (from the database or an export). */
export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  canonical: string;
  /** The first other stored column (or readable cell) that differs from the hashed event. */
  mismatch?: (record: AuditRecord) => ColumnMismatch | null;
  /**
   * The row's own checks computed beforehand (e.g. in a worker thread, see analyseChainRow);
   * then `canonical` is needed only when `analysis.ownHash` differs from `hash`.
   */
  analysis?: RowAnalysis;
}

/** What judging a row needs of its own text: independent of every other row, so computable in parallel. */
export interface RowAnalysis {
  /** Why `canonical` is not an event's canonical text, or null. */
  problem: 'not JSON' | 'not an object' | 'not canonical' | null;
  /** SHA-256 of the row's prevHash + canonical ('' when `problem`). */
  ownHash: string;
  /** The seq the hashed event names. */
  recordSeq: unknown;
  /** The row's `mismatch` for the hashed event. */
  mismatch: ColumnMismatch | null;
}

/** The checks of one row that need no other row (ChainWalker judges the rest in seq order). */
export function analyseChainRow(row: Omit<ChainRow, 'analysis'>): RowAnalysis {
  const record = parseRecord(row.canonical);
  if (typeof record === 'string') return { problem: record, ownHash: '', recordSeq: undefined, mismatch: null };
  if (!isCanonicalText(record, row.canonical)) {
    return { problem: 'not canonical', ownHash: '', recordSeq: undefined, mismatch: null };
  }
  return {
    problem: null,
    ownHash: chainHash(row.prevHash, row.canonical),
    recordSeq: record.seq,
    mismatch: row.mismatch?.(record) ?? null,
  };
}

export type BrokenLink = VerifyFinding;

/** What the rows' chain columns are called where they are read (table columns, or export header). */
export interface ChainColumnNames {
  seq: string;
  canonical: string;
  prevHash: string;
  hash: string;
}

export interface ChainWalkerOptions {
  /** False for filtered exports: rows' own hashes are checked, links only where seq is contiguous. */
  expectGenesis?: boolean;
  names?: ChainColumnNames;
}

const EXPORT_NAMES: ChainColumnNames = { seq: 'seq', canonical: 'canonical', prevHash: 'prevHash', hash: 'hash' };

function parseRecord(canonical: string): AuditRecord | 'not JSON' | 'not an object' {
  let value: unknown;
  try {
    value = JSON.parse(canonical);
  } catch {
    return 'not JSON';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as AuditRecord)
    : 'not an object';
}

/**
 * Walks a chain in seq order, one row at a time (constant memory): call `check` per row, then
 * `finish`, then `result`. Every finding names the row's seq and the column at fault. A row is
 * judged once its successor is known: when a row's hash does not match its `prevHash` +
 * `canonical`, the successor's `prevHash` tells which of the two was changed (it still links to
 * the hash the chain recorded).
 */
export class ChainWalker {
  private previous: { seq: number; hash: string } | null = null;
  private pending: ChainRow | null = null;
  private checked = 0;
  private broken: BrokenLink | null = null;
  private readonly expectGenesis: boolean;
  private readonly names: ChainColumnNames;

  constructor(options: ChainWalkerOptions = {}) {
    this.expectGenesis = options.expectGenesis ?? true;
    this.names = options.names ?? EXPORT_NAMES;
  }

  /** Takes the next row; returns the first finding so far (possibly about the row before). */
  check(row: ChainRow): BrokenLink | null {
    if (this.broken) return this.broken;
    const pending = this.pending;
    this.pending = row;
    if (pending) this.judge(pending, row);
    return this.broken;
  }

  /** Judges the last row; returns the first finding, or null for an intact chain. */
  finish(): BrokenLink | null {
    if (!this.broken && this.pending) this.judge(this.pending, null);
    this.pending = null;
    return this.broken;
  }

  result(): { ok: boolean; checked: number; head: { seq: number; hash: string } | null; brokenAt: BrokenLink | null } {
    return { ok: this.broken === null, checked: this.checked, head: this.previous, brokenAt: this.broken };
  }

  private judge(row: ChainRow, next: ChainRow | null): void {
    this.checked += 1;
    const names = this.names;
    const fail = (reason: string, column: string) => {
      this.broken = { seq: row.seq, reason, column };
    };
    const previous = this.previous;
    if (previous && row.seq <= previous.seq)
      return fail(`seq ${row.seq} out of order after ${previous.seq}`, names.seq);
    if (this.expectGenesis) {
      if (!previous && row.seq !== 1)
        return fail(`the chain starts at seq ${row.seq}, not 1: events missing`, names.seq);
      if (previous && row.seq !== previous.seq + 1) {
        return fail(`seq ${previous.seq + 1}…${row.seq - 1} missing`, names.seq);
      }
    }
    // Precomputed, or computed here: the record is parsed once, its mismatch only where needed.
    let recordSeq: unknown;
    let ownHash: string;
    let mismatch: () => ColumnMismatch | null;
    const analysis = row.analysis;
    if (analysis) {
      if (analysis.problem === 'not canonical') return fail('canonical is not in RFC 8785 form', names.canonical);
      if (analysis.problem) return fail(`canonical is ${analysis.problem}`, names.canonical);
      recordSeq = analysis.recordSeq;
      ownHash = analysis.ownHash;
      mismatch = () => analysis.mismatch;
    } else {
      const record = parseRecord(row.canonical);
      if (typeof record === 'string') return fail(`canonical is ${record}`, names.canonical);
      if (!isCanonicalText(record, row.canonical)) return fail('canonical is not in RFC 8785 form', names.canonical);
      recordSeq = record.seq;
      ownHash = chainHash(row.prevHash, row.canonical);
      mismatch = () => row.mismatch?.(record) ?? null;
    }

    // The hash the previous row requires of this one's prevHash; unknown across a filtered export's gaps.
    let expectedPrev: string | undefined;
    if (previous && row.seq === previous.seq + 1) expectedPrev = previous.hash;
    else if (row.seq === 1) expectedPrev = GENESIS_HASH;
    const brokenLink =
      row.seq === 1
        ? 'the first event does not start from 64 zeros'
        : `prevHash does not match the hash of seq ${row.seq - 1}`;

    if (ownHash !== row.hash) {
      if (
        expectedPrev !== undefined &&
        row.prevHash !== expectedPrev &&
        chainHash(expectedPrev, row.canonical) === row.hash
      ) {
        return fail(brokenLink, names.prevHash);
      }
      const successorLink = next && next.seq === row.seq + 1 ? next.prevHash : undefined;
      let column: string;
      if (successorLink === row.hash) column = names.canonical;
      else if (successorLink === ownHash) column = names.hash;
      // No successor to ask: the other columns were written with the original text.
      else column = recordSeq !== row.seq || mismatch() ? names.canonical : names.hash;
      return fail('hash does not match prevHash + canonical', column);
    }
    if (recordSeq !== row.seq) {
      return fail(`the row at seq ${row.seq} holds the event of seq ${String(recordSeq)}`, names.seq);
    }
    if (expectedPrev !== undefined && row.prevHash !== expectedPrev) return fail(brokenLink, names.prevHash);
    const differs = mismatch();
    if (differs) return fail(differs.reason, differs.column);
    this.previous = { seq: row.seq, hash: row.hash };
  }
}
