import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import {
  CHECKPOINT_SECTION,
  META_SECTION,
  META_SHEET_HEADER,
  READABLE_COLUMNS,
  type ReadableColumn,
  canonicalColumns,
} from './audit-export-layout';
import { csvRecords } from './csv-record-parser';
import { decodeCellText } from './xlsx-cell-text';

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

/**
 * Plain text of a cell as exceljs reads it, its `_xHHHH_` escapes decoded; anything else
 * (formula, date, rich text) is not ours.
 */
function cellText(value: ExcelJS.CellValue | undefined, where: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeCellText(value);
  if (typeof value === 'number') return String(value);
  throw new ExportFormatError(`${where}: a cell that is not plain text or a number`);
}

function rowCells(row: ExcelJS.Row, width: number, where: string): string[] {
  const values = Array.isArray(row.values) ? row.values : [];
  // exceljs numbers cells from 1.
  if (values.slice(width + 1).some((v) => v !== null && v !== undefined)) {
    throw new ExportFormatError(`${where}: more cells than the header has`);
  }
  return Array.from({ length: width }, (_, i) => cellText(values[i + 1], where));
}

type WorksheetSource = AsyncIterable<Buffer | string>;
type ParseWorksheet = (
  this: ExcelJS.stream.xlsx.WorkbookReader,
  source: WorksheetSource,
  sheetNo: string,
) => Iterable<unknown>;

// The start of `&amp;` at the end of a chunk: kept back until the next chunk completes it.
const PARTIAL_AMPERSAND = /&(?:a(?:m(?:p)?)?)?$/;

/**
 * Decodes UTF-8 across chunk boundaries (a character's bytes may straddle two chunks), and
 * doubles every `&amp;`: exceljs 4.4 decodes the entities of an inline string a second time
 * after its XML parser did (`utils.xmlDecode`), so a cell holding the text `&lt;` would come back
 * as `<`. With `&amp;amp;` the parser yields `&amp;` and exceljs's second pass the `&` written.
 */
async function* worksheetXml(source: WorksheetSource): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let held = '';
  const take = (text: string): string => {
    const joined = held + text;
    const partial = PARTIAL_AMPERSAND.exec(joined);
    const cut = partial ? partial.index : joined.length;
    held = joined.slice(cut);
    return joined.slice(0, cut).replaceAll('&amp;', '&amp;amp;');
  };
  for await (const chunk of source) {
    const text = take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (text) yield text;
  }
  const rest = take(decoder.end()) + held;
  if (rest) yield rest;
}

/**
 * exceljs 4.4's streaming reader decodes every chunk of a sheet's XML on its own, so a Chinese
 * character whose bytes straddle two chunks comes out as U+FFFD (exceljs issues #2063, #2316;
 * fixes #1665, #2081 unmerged): a canonical text read back would no longer match its hash. This
 * reader hands each sheet's XML to exceljs already decoded as text, which its parser passes on
 * as is (with `&amp;` doubled against exceljs's second entity pass, see worksheetXml). It overrides exceljs's internal `_parseWorksheet` (exceljs is pinned to 4.4.0; the
 * Chinese-text XLSX tests fail if that changes). Shared strings, which our files do not use,
 * still go through the unfixed path: verify the original export, not a copy re-saved by Excel.
 */
class Utf8SafeWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseWorksheet(source: WorksheetSource, sheetNo: string): Iterable<unknown> {
    const parse = (ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as { _parseWorksheet: ParseWorksheet })
      ._parseWorksheet;
    return parse.call(this, worksheetXml(source), sheetNo);
  }
}

/**
 * XLSX: sheets `audit-1` … (header row, then events), then the `meta` sheet, read one row at a
 * time with exceljs's streaming WorkbookReader. (Our files put the workbook index after the
 * sheets, so exceljs first spools each sheet to a temporary file, which it deletes once read or
 * when the process exits.)
 */
async function* xlsxItems(path: string): AsyncGenerator<ExportItem> {
  const reader = new Utf8SafeWorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let sheetNumber = 0;
  let sawMetadata = false;
  for await (const sheet of reader) {
    sheetNumber += 1;
    let columns: ExportColumns | 'meta' | null = null;
    for await (const row of sheet) {
      const where = `sheet ${sheetNumber} row ${row.number}`;
      if (columns === null) {
        const header = rowCells(row, row.cellCount, where);
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
}
