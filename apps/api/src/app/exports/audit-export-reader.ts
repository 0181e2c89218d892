import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { META_SHEET_HEADER } from './audit-export-layout';
import type { EventBatchJob, EventBatchResult } from './audit-export-batches';
import {
  ExportColumns,
  type ExportedEntry,
  type ExportedEvent,
  ExportFormatError,
  entryOf,
  rowCells,
} from './audit-export-columns';
import { CsvRecordParser, CsvSyntaxError, csvRecords } from './csv-record-parser';
import { type BatchRunner, IN_PROCESS } from './verify-workers';
import { type SheetRow, SheetRowsParser, XlsxFormatError, XlsxWorkbookReader } from './xlsx-sheet-reader';

export { ExportFormatError } from './audit-export-columns';
export type { ExportedEntry, ExportedEvent } from './audit-export-columns';

export type ExportItem = { kind: 'event'; event: ExportedEvent } | { kind: 'entry'; entry: ExportedEntry };

export type ExportFileKind = 'csv' | 'xlsx';

export interface ReadExportOptions {
  /** Where batches of event rows are read and checked (default: in this thread). */
  runner?: BatchRunner;
  /** Bytes of rows per batch (default 1 MiB). */
  batchBytes?: number;
  /** Give every event's canonical text (the verifier needs it only where the row's hash does not match). */
  keepCanonical?: boolean;
}

const BATCH_BYTES = 1024 * 1024;

interface BatchOptions {
  bytes: number;
  keepCanonical: boolean;
}

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

/**
 * Reads the items of an export file in order. Event rows are read in batches of whole rows, each
 * parsed and checked on its own by the runner (worker threads, or this thread) with a few
 * batches in flight; items come out in file order. Memory: the batches in flight.
 */
export function readAuditExport(
  path: string,
  kind: ExportFileKind,
  options: ReadExportOptions = {},
): AsyncGenerator<ExportItem> {
  const runner = options.runner ?? IN_PROCESS;
  const batch: BatchOptions = {
    bytes: options.batchBytes ?? BATCH_BYTES,
    keepCanonical: options.keepCanonical ?? false,
  };
  return kind === 'xlsx' ? xlsxItems(path, runner, batch) : csvItems(path, runner, batch);
}

/** A fresh copy of the pieces (its buffer is the job's own, so it can be handed to a worker). */
function joined(pieces: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}

interface Pending<T> {
  result: Promise<T>;
}
const settled = <T>(value: T): Pending<T> => ({ result: Promise.resolve(value) });

/** The steps' results in order, with up to `depth` of them being worked on meanwhile. */
async function* inOrder<T>(steps: AsyncIterable<Pending<T>>, depth: number): AsyncGenerator<T> {
  const queue: Pending<T>[] = [];
  let fault: { error: unknown } | null = null;
  try {
    for await (const step of steps) {
      // Awaited below in order; a failure before then is reported there.
      step.result.catch(() => undefined);
      queue.push(step);
      while (queue.length > depth) yield await (queue.shift() as Pending<T>).result;
    }
  } catch (error) {
    // A fault reading further (the file, the archive) comes after the rows read before it.
    fault = { error };
  }
  while (queue.length > 0) yield await (queue.shift() as Pending<T>).result;
  if (fault) throw fault.error;
}

function eventOf(event: EventBatchResult['events'][number]): ExportItem {
  return {
    kind: 'event',
    event: {
      seq: event.seq,
      prevHash: event.prevHash,
      hash: event.hash,
      canonical: event.canonical,
      readable: null,
      analysis: event.analysis,
    },
  };
}

const LF = 10;
const QUOTE = 34;

/**
 * Where CSV records end, found without parsing: after a line feed outside quotes (a quote opens
 * or closes a quoted field, `""` does both). A file that breaks the syntax is cut somewhere after
 * its first fault, which the parser of that batch then reports.
 */
class CsvCuts {
  private quoted = false;

  /** The index after the first (or last) line feed outside quotes in `bytes` from `from`, or -1. */
  scan(bytes: Uint8Array, from: number, first: boolean): number {
    let quoted = this.quoted;
    let cut = -1;
    for (let i = from; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === QUOTE) {
        quoted = !quoted;
      } else if (b === LF && !quoted) {
        cut = i + 1;
        if (first) {
          this.quoted = false;
          return cut;
        }
      }
    }
    this.quoted = quoted;
    return cut;
  }
}

type CsvStep =
  { kind: 'header'; header: string[] } | { kind: 'batch'; result: EventBatchResult } | { kind: 'whole file' };

/** The header record parsed here, then the rest of the file cut into batches of whole records. */
async function* csvSteps(path: string, runner: BatchRunner, batch: BatchOptions): AsyncGenerator<Pending<CsvStep>> {
  const cuts = new CsvCuts();
  let header: string[] | null = null;
  const head: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const job = (bytes: Uint8Array): Pending<CsvStep> => ({
    result: runner
      .run({
        format: 'csv',
        bytes,
        header: header ?? [],
        sheetName: '',
        sheetNumber: 0,
        keepCanonical: batch.keepCanonical,
      })
      .then((result) => ({ kind: 'batch', result })),
  });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let body: Uint8Array = chunk;
    if (!header) {
      const end = cuts.scan(chunk, 0, true);
      if (end < 0) {
        head.push(chunk);
        continue;
      }
      head.push(chunk.subarray(0, end));
      const text = Buffer.from(
        joined(
          head,
          head.reduce((n, piece) => n + piece.length, 0),
        ),
      ).toString('utf8');
      const parser = new CsvRecordParser();
      const records = [...parser.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), ...parser.end()];
      const [first] = records;
      if (records.length !== 1 || !first) {
        // Not one record before the first line feed (records ended by lone carriage returns): read as a whole.
        yield settled<CsvStep>({ kind: 'whole file' });
        return;
      }
      header = first;
      yield settled<CsvStep>({ kind: 'header', header });
      body = chunk.subarray(end);
    }
    const end = cuts.scan(body, 0, false);
    if (end >= 0 && pendingBytes + end >= batch.bytes) {
      yield job(joined([...pending, body.subarray(0, end)], pendingBytes + end));
      pending = [body.subarray(end)];
      pendingBytes = body.length - end;
    } else {
      pending.push(body);
      pendingBytes += body.length;
    }
  }
  if (!header) {
    yield settled<CsvStep>({ kind: 'whole file' });
    return;
  }
  if (pendingBytes > 0) yield job(joined(pending, pendingBytes));
}

/**
 * CSV: header, event rows, one empty row, then `#meta` / `#checkpoint` rows. The empty row is the
 * only separator, so a file cut short (a broken download) has no metadata and is reported incomplete.
 */
async function* csvItems(path: string, runner: BatchRunner, batch: BatchOptions): AsyncGenerator<ExportItem> {
  let columns: ExportColumns | null = null;
  let inMetadata = false;
  // Records read so far (the header is record 1).
  let record = 1;
  for await (const step of inOrder(csvSteps(path, runner, batch), runner.depth)) {
    if (step.kind === 'whole file') {
      yield* csvItemsInOrder(path);
      return;
    }
    if (step.kind === 'header') {
      columns = ExportColumns.fromHeader(step.header, 'CSV record 1');
      continue;
    }
    const { events, rest, records, error } = step.result;
    if (!columns) throw new ExportFormatError('CSV record 1: no header');
    if (inMetadata && events.length > 0) entryOf([], `CSV record ${record + 1}`);
    for (const event of events) yield eventOf(event);
    for (const [i, cells] of rest.entries()) {
      const where = `CSV record ${record + events.length + i + 1}`;
      if (inMetadata) yield { kind: 'entry', entry: entryOf(cells, where) };
      else if (cells.length === 1 && cells[0] === '') inMetadata = true;
      else yield { kind: 'event', event: columns.event(cells, where) };
    }
    if (error) {
      if (error.csvRecord !== undefined) throw new CsvSyntaxError(error.reason ?? '', record + error.csvRecord);
      throw new ExportFormatError(error.message);
    }
    record += records;
  }
  if (!columns) throw new ExportFormatError('the file is empty');
}

/** CSV read record by record in this thread (a file whose records do not end in line feeds). */
async function* csvItemsInOrder(path: string): AsyncGenerator<ExportItem> {
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

type XlsxStep =
  | { kind: 'rows'; sheet: number; rows: SheetRow[]; error: unknown }
  | { kind: 'batch'; sheet: number; result: EventBatchResult };

const ROW_END = Buffer.from('</row>');

/**
 * The rows of each sheet: the XML up to the header row's `</row>` and after the last `</row>` is
 * parsed here, and for an event sheet the whole rows between are cut into batches (`</row>` is
 * ASCII, so a cut never splits a character, and no text holds it: `<` is always escaped).
 */
async function* xlsxSteps(
  workbook: XlsxWorkbookReader,
  runner: BatchRunner,
  batch: BatchOptions,
): AsyncGenerator<Pending<XlsxStep>> {
  const sharedStrings = workbook.sharedStringTable;
  for (const [index, sheet] of workbook.sheets.entries()) {
    const number = index + 1;
    const parser = new SheetRowsParser(sheet.name, sharedStrings);
    const decoder = new StringDecoder('utf8');
    let atStart = true;
    let header: string[] | null = null;
    // Parsed here: the rows it completed, and the fault that stopped it (reported after them).
    const local = (bytes: Uint8Array | null): Pending<XlsxStep> | null => {
      let error: unknown = null;
      try {
        let text = bytes ? decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : decoder.end();
        if (atStart && text.length > 0) {
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          atStart = false;
        }
        parser.push(text);
        if (!bytes) parser.end();
      } catch (fault) {
        error = fault;
      }
      const rows = parser.take();
      if (header === null && rows[0]) header = rows[0].cells;
      return rows.length > 0 || error ? settled<XlsxStep>({ kind: 'rows', sheet: number, rows, error }) : null;
    };
    // Batches once the header names an event sheet; the meta sheet, or a header no export has, is read here.
    let batches = false;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const job = (bytes: Uint8Array): Pending<XlsxStep> => ({
      result: runner
        .run({
          format: 'xlsx',
          bytes,
          header: header ?? [],
          sheetName: sheet.name,
          sheetNumber: number,
          sharedStrings,
          keepCanonical: batch.keepCanonical,
        })
        .then((result) => ({ kind: 'batch', sheet: number, result })),
    });
    for await (const chunk of sheet.bytes()) {
      if (!batches) {
        const end = header === null ? chunk.indexOf(ROW_END) : -1;
        const step = local(end < 0 ? chunk : chunk.subarray(0, end + ROW_END.length));
        if (step) yield step;
        if (end >= 0 && header !== null && isEventHeader(header)) {
          batches = true;
          pending = [chunk.subarray(end + ROW_END.length)];
          pendingBytes = pending[0]?.length ?? 0;
        } else if (end >= 0) {
          const rest = local(chunk.subarray(end + ROW_END.length));
          if (rest) yield rest;
        }
        continue;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= batch.bytes) {
        const end = chunk.lastIndexOf(ROW_END);
        if (end >= 0) {
          const cut = end + ROW_END.length;
          pending[pending.length - 1] = chunk.subarray(0, cut);
          yield job(joined(pending, pendingBytes - (chunk.length - cut)));
          pending = [chunk.subarray(cut)];
          pendingBytes = chunk.length - cut;
        }
      }
    }
    if (batches) {
      // The rows after the last cut, then the end of the sheet here.
      const all = Buffer.from(joined(pending, pendingBytes));
      const end = all.lastIndexOf(ROW_END);
      if (end >= 0) yield job(joined([all.subarray(0, end + ROW_END.length)], end + ROW_END.length));
      const tail = local(all.subarray(end < 0 ? 0 : end + ROW_END.length));
      if (tail) yield tail;
    }
    const last = local(null);
    if (last) yield last;
  }
}

function isMetaHeader(header: readonly string[]): boolean {
  return header.join('\u0000') === META_SHEET_HEADER.join('\u0000');
}

function isEventHeader(header: string[]): boolean {
  try {
    ExportColumns.fromHeader(header, '');
    return true;
  } catch {
    return false;
  }
}

/**
 * XLSX: sheets `audit-1` … (header row, then events), then the `meta` sheet, in the workbook's
 * order, read by our own ZIP and sheet XML reading (xlsx-sheet-reader.ts): inline text as the api
 * writes it, and shared strings as Excel writes a copy it saved (such a file is read in this
 * thread: its shared strings are not handed to workers).
 */
async function* xlsxItems(path: string, runner: BatchRunner, batch: BatchOptions): AsyncGenerator<ExportItem> {
  let workbook: XlsxWorkbookReader;
  try {
    workbook = await XlsxWorkbookReader.open(path);
  } catch (error) {
    if (error instanceof XlsxFormatError) throw new ExportFormatError(error.message);
    throw error;
  }
  const sheetRunner = workbook.sharedStringTable ? IN_PROCESS : runner;
  let sawMetadata = false;
  let sheet = 0;
  let columns: ExportColumns | 'meta' | null = null;
  let lastRow = 0;
  try {
    for await (const step of inOrder(xlsxSteps(workbook, sheetRunner, batch), sheetRunner.depth)) {
      if (step.sheet !== sheet) {
        sheet = step.sheet;
        columns = null;
        lastRow = 0;
      }
      if (step.kind === 'batch') {
        const { events, firstRow, error } = step.result;
        if (firstRow !== 0 && firstRow <= lastRow) {
          throw new ExportFormatError(
            `sheet ${workbook.sheets[sheet - 1]?.name ?? sheet} row ${lastRow}: row ${firstRow} out of order`,
          );
        }
        for (const event of events) yield eventOf(event);
        if (error) throw new ExportFormatError(error.message);
        if (step.result.lastRow !== 0) lastRow = step.result.lastRow;
        continue;
      }
      for (const row of step.rows) {
        if (row.number <= lastRow) {
          throw new ExportFormatError(
            `sheet ${workbook.sheets[sheet - 1]?.name ?? sheet} row ${lastRow}: row ${row.number} out of order`,
          );
        }
        lastRow = row.number;
        const where = `sheet ${sheet} row ${row.number}`;
        if (columns === null) {
          const header = row.cells;
          if (isMetaHeader(header)) {
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
      if (step.error) throw step.error;
    }
  } catch (error) {
    if (error instanceof XlsxFormatError) throw new ExportFormatError(error.message);
    throw error;
  }
}

export type { EventBatchJob };
