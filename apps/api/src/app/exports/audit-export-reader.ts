import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  CHECKPOINT_SECTION,
  META_SECTION,
  META_SHEET_HEADER,
  READABLE_COLUMNS,
  type ReadableColumn,
  canonicalColumns,
} from './audit-export-layout';
import { csvRecords } from './csv-record-parser';
import { type SheetRow, XlsxFormatError, XlsxWorkbookReader } from './xlsx-sheet-reader';

/** One event row of an export file. */
export interface ExportedEvent {
  seq: number;
  prevHash: string;
  hash: string;
  canonical: string;
  readable: Record<ReadableColumn, string>;
}

/** One `section | key | value` row after the events. */
export interface ExportedEntry {
  section: string;
  key: string;
  value: string;
}

export type ExportItem = { kind: 'event'; event: ExportedEvent } | { kind: 'entry'; entry: ExportedEntry };

/** The file is not laid out like an audit export (the message says where). */
export class ExportFormatError extends Error {}

export type ExportFileKind = 'csv' | 'xlsx';

/** XLSX files are zip archives ("PK\x03\x04"); anything else is read as CSV. */
export async function exportFileKind(path: string): Promise<ExportFileKind> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32BE(0) === 0x504b0304 ? 'xlsx' : 'csv';
  } finally {
    await file.close();
  }
}

/** Reads the items of an export file in order, one at a time (constant memory). */
export function readAuditExport(path: string, kind: ExportFileKind): AsyncGenerator<ExportItem> {
  return kind === 'xlsx' ? xlsxItems(path) : csvItems(path);
}

const SEQ = /^[1-9][0-9]{0,15}$/;

/** The column layout named by a header row: seq, prevHash, hash, canonical[, canonical_2 …], readable columns. */
class ExportColumns {
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

  event(cells: string[], where: string): ExportedEvent {
    if (cells.length !== this.width) {
      throw new ExportFormatError(`${where}: ${cells.length} cells where the header has ${this.width}`);
    }
    const [seq = '', prevHash = '', hash = ''] = cells;
    if (!SEQ.test(seq)) throw new ExportFormatError(`${where}: seq "${seq.slice(0, 20)}" is not a positive integer`);
    const readableStart = 3 + this.canonicalCount;
    const readable = Object.fromEntries(READABLE_COLUMNS.map((name, i) => [name, cells[readableStart + i] ?? '']));
    return {
      seq: Number(seq),
      prevHash,
      hash,
      canonical: cells.slice(3, readableStart).join(''),
      readable: readable as Record<ReadableColumn, string>,
    };
  }
}

function entryOf(cells: string[], where: string): ExportedEntry {
  const [section = '', key = '', value = ''] = cells;
  if (cells.length !== 3 || (section !== META_SECTION && section !== CHECKPOINT_SECTION)) {
    throw new ExportFormatError(
      `${where}: expected a ${META_SECTION} or ${CHECKPOINT_SECTION} row of section, key, value`,
    );
  }
  return { section, key, value };
}

/**
 * CSV: header, event rows, one empty row, then `#meta` / `#checkpoint` rows. The empty row is the
 * only separator, so a file cut short (a broken download) has no metadata and is reported incomplete.
 */
async function* csvItems(path: string): AsyncGenerator<ExportItem> {
  let columns: ExportColumns | null = null;
  let inMetadata = false;
  let record = 0;
  for await (const cells of csvRecords(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    record += 1;
    const where = `CSV record ${record}`;
    if (!columns) {
      columns = ExportColumns.fromHeader(cells, where);
    } else if (inMetadata) {
      yield { kind: 'entry', entry: entryOf(cells, where) };
    } else if (cells.length === 1 && cells[0] === '') {
      inMetadata = true;
    } else {
      yield { kind: 'event', event: columns.event(cells, where) };
    }
  }
  if (!columns) throw new ExportFormatError('the file is empty');
}

function rowCells(row: SheetRow, width: number, where: string): string[] {
  if (row.cells.length > width) throw new ExportFormatError(`${where}: more cells than the header has`);
  const cells = row.cells;
  while (cells.length < width) cells.push('');
  return cells;
}

/**
 * XLSX: sheets `audit-1` … (header row, then events), then the `meta` sheet, in the workbook's
 * order, read one row at a time by our own ZIP and sheet XML reading (xlsx-sheet-reader.ts):
 * inline text as the api writes it, and shared strings as Excel writes a copy it saved.
 */
async function* xlsxItems(path: string): AsyncGenerator<ExportItem> {
  let workbook: XlsxWorkbookReader;
  try {
    workbook = await XlsxWorkbookReader.open(path);
  } catch (error) {
    if (error instanceof XlsxFormatError) throw new ExportFormatError(error.message);
    throw error;
  }
  let sawMetadata = false;
  for (const [index, sheet] of workbook.sheets.entries()) {
    const sheetNumber = index + 1;
    let columns: ExportColumns | 'meta' | null = null;
    try {
      for await (const rows of sheet.rows()) {
        for (const row of rows) {
          const where = `sheet ${sheetNumber} row ${row.number}`;
          if (columns === null) {
            const header = row.cells;
            if (header.join('\u0000') === META_SHEET_HEADER.join('\u0000')) {
              columns = 'meta';
              sawMetadata = true;
            } else if (sawMetadata) {
              throw new ExportFormatError(`${where}: an event sheet after the meta sheet`);
            } else {
              columns = ExportColumns.fromHeader(header, where);
            }
          } else if (columns === 'meta') {
            yield { kind: 'entry', entry: entryOf(rowCells(row, 3, where), where) };
          } else {
            yield { kind: 'event', event: columns.event(rowCells(row, columns.width, where), where) };
          }
        }
      }
    } catch (error) {
      if (error instanceof XlsxFormatError) throw new ExportFormatError(error.message);
      throw error;
    }
  }
}
