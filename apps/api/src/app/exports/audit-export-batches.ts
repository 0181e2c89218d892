import { type AuditRecord, type ColumnMismatch, type RowAnalysis, analyseChainRow } from '../audit';
import { HASHED_READABLE_COLUMNS, type ReadableColumn, hashedReadableCell } from './audit-export-layout';
import { type ExportedEvent, ExportColumns, rowCells } from './audit-export-columns';
import { CsvRecordParser, CsvSyntaxError } from './csv-record-parser';
import { SheetRowsParser } from './xlsx-sheet-reader';
import { ZonedTimeFormat } from './zoned-time-format';

const EMPTY = {} as Record<ReadableColumn, string>;
// `at` is compared as an instant (the export writes it in its business time zone).
const UTC = new ZonedTimeFormat('UTC');

/** A readable cell must say what the hashed event says (names of people and departments excepted). */
export function readableMismatch(record: AuditRecord, readable: Record<ReadableColumn, string>): ColumnMismatch | null {
  for (const column of HASHED_READABLE_COLUMNS) {
    const cell = readable[column];
    let differs: boolean;
    if (column === 'at' && typeof record.at === 'string') {
      const instant = Date.parse(cell);
      differs = Number.isNaN(instant) || instant !== Date.parse(record.at);
    } else {
      differs = cell !== hashedReadableCell(record, column, UTC);
    }
    if (differs) return { column, reason: `readable column ${column} differs from the hashed event` };
  }
  return null;
}

/**
 * A run of whole event rows cut out of an export file (CSV records after the header, or `<row>`
 * elements of an event sheet), to be read and checked on its own — in a worker thread, or in
 * process. Bytes are cut only between rows, so also between UTF-8 characters.
 */
export interface EventBatchJob {
  format: 'csv' | 'xlsx';
  bytes: Uint8Array;
  /** The header row the rows follow. */
  header: string[];
  /** XLSX: the sheet's name (in the XML reader's findings) and number (in the rows' `where`). */
  sheetName: string;
  sheetNumber: number;
  /** XLSX: shared strings (only in process: a worker is never given a file that has them). */
  sharedStrings?: readonly string[] | null;
  /** Give every event's canonical text back, not only where its hash does not match. */
  keepCanonical?: boolean;
}

/** An event row read and checked: the chain columns plus what ChainWalker needs of its own text. */
export interface CheckedEvent {
  seq: number;
  prevHash: string;
  hash: string;
  /** Only when the row's hash does not match (ChainWalker then asks which column changed); '' otherwise. */
  canonical: string;
  analysis: RowAnalysis;
}

export interface EventBatchResult {
  events: CheckedEvent[];
  /**
   * CSV: the records from the first one that is not an event row on (the empty row before the
   * metadata, or a row the caller reports with its record number); XLSX: always empty.
   */
  rest: string[][];
  /** CSV: records read in the batch (events and rest). */
  records: number;
  /** XLSX: the numbers of the first and last row read (0 when none). */
  firstRow: number;
  lastRow: number;
  /** A fault after the events and rest: its message, and for CSV syntax the record in the batch (from 1). */
  error: { message: string; csvRecord?: number; reason?: string } | null;
}

function checked(event: ExportedEvent, keepCanonical: boolean): CheckedEvent {
  const { seq, prevHash, hash, canonical } = event;
  const readable = event.readable ?? EMPTY;
  const analysis = analyseChainRow({
    seq,
    prevHash,
    hash,
    canonical,
    mismatch: (record) => readableMismatch(record, readable),
  });
  return {
    seq,
    prevHash,
    hash,
    canonical: keepCanonical || (analysis.problem === null && analysis.ownHash !== hash) ? canonical : '',
    analysis,
  };
}

const faultOf = (error: unknown): EventBatchResult['error'] => {
  if (error instanceof CsvSyntaxError) return { message: error.message, csvRecord: error.record, reason: error.reason };
  return { message: error instanceof Error ? error.message : String(error) };
};

function csvBatch(job: EventBatchJob): EventBatchResult {
  const columns = ExportColumns.fromHeader(job.header, 'CSV record 1');
  const parser = new CsvRecordParser();
  const result: EventBatchResult = { events: [], rest: [], records: 0, firstRow: 0, lastRow: 0, error: null };
  const take = (records: string[][]) => {
    for (const cells of records) {
      result.records += 1;
      if (result.rest.length > 0) {
        result.rest.push(cells);
        continue;
      }
      const event = columns.tryEvent(cells);
      if (event) result.events.push(checked(event, job.keepCanonical ?? false));
      else result.rest.push(cells);
    }
  };
  try {
    take(parser.push(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('utf8')));
    take(parser.end());
  } catch (error) {
    // The records completed before the fault are checked first.
    take(parser.drain());
    result.error = faultOf(error);
  }
  return result;
}

function xlsxBatch(job: EventBatchJob): EventBatchResult {
  const columns = ExportColumns.fromHeader(job.header, `sheet ${job.sheetNumber} row 1`);
  const parser = new SheetRowsParser(job.sheetName, job.sharedStrings ?? null);
  const result: EventBatchResult = { events: [], rest: [], records: 0, firstRow: 0, lastRow: 0, error: null };
  const take = () => {
    for (const row of parser.take()) {
      if (result.firstRow === 0) result.firstRow = row.number;
      result.lastRow = row.number;
      const where = `sheet ${job.sheetNumber} row ${row.number}`;
      const event = columns.event(rowCells(row, columns.width, where), where);
      result.events.push(checked(event, job.keepCanonical ?? false));
    }
  };
  try {
    parser.push(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('utf8'));
    take();
    parser.end();
  } catch (error) {
    // The rows read before the fault are checked first: the walk stops at whichever comes first.
    try {
      take();
    } catch (second) {
      result.error = faultOf(second);
      return result;
    }
    result.error = faultOf(error);
  }
  return result;
}

/** Reads and checks one batch of event rows (what a verify worker does with each job). */
export function runEventBatch(job: EventBatchJob): EventBatchResult {
  return job.format === 'csv' ? csvBatch(job) : xlsxBatch(job);
}
