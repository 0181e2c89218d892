import { type AuditRecord, GENESIS_HASH, canonicalText, chainHash } from './audit-chain';

/** One stored audit row, as verification reads it (from the database or an export). */
export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  canonical: string;
  /** Readable columns to compare with the hashed record (absent in offline exports). */
  columns?: Partial<Pick<AuditRecord, 'action' | 'entityType' | 'entityId' | 'actorId' | 'sha256'>> & { at?: string };
}

export interface BrokenLink {
  seq: number;
  reason: string;
}

/**
 * Walks a chain in seq order, one row at a time (constant memory): call `check` per row, then
 * `result`. `contiguous` false (filtered exports) checks each row's own hash but not the links
 * between rows whose seq numbers are not consecutive.
 */
export class ChainWalker {
  private previous: { seq: number; hash: string } | null = null;
  private checked = 0;
  private broken: BrokenLink | null = null;

  constructor(private readonly expectGenesis = true) {}

  check(row: ChainRow): BrokenLink | null {
    if (this.broken) return this.broken;
    this.checked += 1;
    const fail = (reason: string) => (this.broken = { seq: row.seq, reason });
    if (this.previous === null) {
      if (this.expectGenesis && row.seq !== 1) return fail(`the chain starts at seq ${row.seq}, not 1: events missing`);
      if (row.seq === 1 && row.prevHash !== GENESIS_HASH) return fail('the first event does not start from 64 zeros');
    } else if (row.seq === this.previous.seq + 1) {
      if (row.prevHash !== this.previous.hash)
        return fail(`prevHash does not match the hash of seq ${this.previous.seq}`);
    } else if (this.expectGenesis || row.seq <= this.previous.seq) {
      return fail(
        row.seq <= this.previous.seq
          ? `seq ${row.seq} out of order after ${this.previous.seq}`
          : `seq ${this.previous.seq + 1}…${row.seq - 1} missing`,
      );
    }
    if (chainHash(row.prevHash, row.canonical) !== row.hash) return fail('hash does not match prevHash + canonical');
    let record: AuditRecord;
    try {
      record = JSON.parse(row.canonical) as AuditRecord;
    } catch {
      return fail('canonical is not JSON');
    }
    if (canonicalText(record) !== row.canonical) return fail('canonical is not in RFC 8785 form');
    if (record.seq !== row.seq) return fail(`canonical says seq ${record.seq}`);
    const columns = row.columns ?? {};
    for (const [key, value] of Object.entries(columns)) {
      const hashed = key === 'at' ? record.at : record[key as keyof AuditRecord];
      const stored = key === 'at' && value ? new Date(value as string).toISOString() : value;
      if ((hashed ?? null) !== (stored ?? null)) return fail(`column ${key} differs from the hashed event`);
    }
    this.previous = { seq: row.seq, hash: row.hash };
    return null;
  }

  result(): { ok: boolean; checked: number; head: { seq: number; hash: string } | null; brokenAt: BrokenLink | null } {
    return { ok: this.broken === null, checked: this.checked, head: this.previous, brokenAt: this.broken };
  }
}
