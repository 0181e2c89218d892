import type { RowAnalysis } from '../audit';
import {
  CHECKPOINT_SECTION,
  META_SECTION,
  READABLE_COLUMNS,
  type ReadableColumn,
  canonicalColumns,
} from './audit-export-layout';
import type { SheetRow } from './xlsx-sheet-reader';

/** One event row of an export file. */
export interface ExportedEvent {
  seq: number;
  prevHash: string;
  hash: string;
  /** '' when `analysis` says the row's hash matches (nothing else needs it then). */
  canonical: string;
  /** The readable cells; null when `analysis` was computed where they were read. */
  readable: Record<ReadableColumn, string> | null;
  /** The row's own checks, computed where it was read (audit-export-batches.ts). */
  analysis?: RowAnalysis;
}

/** One `section | key | value` row after the events. */
export interface ExportedEntry {
  section: string;
  key: string;
  value: string;
}

/** The file is not laid out like an audit export (the message says where). */
export class ExportFormatError extends Error {}

const SEQ = /^[1-9][0-9]{0,15}$/;

/** The column layout named by a header row: seq, prevHash, hash, canonical[, canonical_2 …], readable columns. */
export class ExportColumns {
  private constructor(
    readonly width: number,
    private readonly canonicalCount: number,
  ) {}

  static fromHeader(header: string[], where: string): ExportColumns {
    const canonicalCount = header.filter((name) => /^canonical(_\d+)?$/.test(name)).length;
    const expected = ['seq', 'prevHash', 'hash', ...canonicalColumns(canonicalCount), ...READABLE_COLUMNS];
    if (header.length !== expected.length || header.some((name, i) => name !== expected[i])) {
      throw new ExportFormatError(
        `${where}: the header is not that of an audit export (expected ${expected.join(', ')}; found ${header.join(', ')})`,
      );
    }
    return new ExportColumns(expected.length, canonicalCount);
  }

  /** The event of a row of cells, or null where `event` would throw. */
  tryEvent(cells: string[]): ExportedEvent | null {
    if (cells.length !== this.width || !SEQ.test(cells[0] ?? '')) return null;
    return this.event(cells, '');
  }

  event(cells: string[], where: string): ExportedEvent {
    if (cells.length !== this.width) {
      throw new ExportFormatError(`${where}: ${cells.length} cells where the header has ${this.width}`);
    }
    const [seq = '', prevHash = '', hash = ''] = cells;
    if (!SEQ.test(seq)) throw new ExportFormatError(`${where}: seq "${seq.slice(0, 20)}" is not a positive integer`);
    const readableStart = 3 + this.canonicalCount;
    const readable = {} as Record<ReadableColumn, string>;
    for (let i = 0; i < READABLE_COLUMNS.length; i++)
      readable[READABLE_COLUMNS[i] as ReadableColumn] = cells[readableStart + i] ?? '';
    return {
      seq: Number(seq),
      prevHash,
      hash,
      canonical: this.canonicalCount === 1 ? (cells[3] ?? '') : cells.slice(3, readableStart).join(''),
      readable,
    };
  }
}

export function entryOf(cells: string[], where: string): ExportedEntry {
  const [section = '', key = '', value = ''] = cells;
  if (cells.length !== 3 || (section !== META_SECTION && section !== CHECKPOINT_SECTION)) {
    throw new ExportFormatError(
      `${where}: expected a ${META_SECTION} or ${CHECKPOINT_SECTION} row of section, key, value`,
    );
  }
  return { section, key, value };
}

export function rowCells(row: SheetRow, width: number, where: string): string[] {
  if (row.cells.length > width) throw new ExportFormatError(`${where}: more cells than the header has`);
  const cells = row.cells;
  while (cells.length < width) cells.push('');
  return cells;
}
