import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import {
  type ExportContext,
  type ExportEvent,
  META_SHEET_HEADER,
  READABLE_COLUMNS,
  XLSX_ROWS_PER_SHEET,
  canonicalColumns,
  metadataRows,
  readableCells,
  splitCanonical,
} from './audit-export-layout';
import type { AuditExportWriter } from './audit-export-writer';
import type { ExportSink } from './export-sink';
import { encodeCellText } from './xlsx-cell-text';
import { ZonedTimeFormat } from './zoned-time-format';

// Rows produced but not yet taken by the zip compressor, at most (see caughtUp).
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
const POLL_MS = 2;

/** What exceljs 4.4 keeps of a sheet's XML before its zip compressor takes it (internal shapes). */
interface SheetStreamInternals {
  buffers?: { length: number }[];
  pipes?: { _writableState?: { length?: number } }[];
}

const WIDTHS: Record<string, number> = { seq: 9, prevHash: 20, hash: 20, at: 30, before: 40, after: 40 };

/**
 * XLSX export, streamed with exceljs's WorkbookWriter (inline strings, each row committed):
 * sheets `audit-1`, `audit-2` … of at most 1,000,000 events, each with the header row, then a
 * `meta` sheet of `section | key | value` rows. Every text is written with the OOXML `_xHHHH_`
 * escape (xlsx-cell-text.ts), so any text ever stored comes back exactly. A canonical text longer than one cell holds
 * continues in `canonical_2`, `canonical_3` …; `canonicalPieces` (from the longest canonical in
 * the export) fixes how many such columns every sheet has.
 */
export class XlsxExportWriter implements AuditExportWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly columns: string[];
  private readonly time: ZonedTimeFormat;
  private sheet: ExcelJS.Worksheet | null = null;
  private sheets = 0;
  private rowsInSheet = 0;

  constructor(
    private readonly sink: ExportSink,
    private readonly context: ExportContext,
    private readonly canonicalPieces: number,
    private readonly rowsPerSheet = XLSX_ROWS_PER_SHEET,
  ) {
    this.time = new ZonedTimeFormat(context.timeZone);
    this.columns = ['seq', 'prevHash', 'hash', ...canonicalColumns(canonicalPieces), ...READABLE_COLUMNS];
    const zipOutput = new Writable({
      // The zip's output waits for the client: the zip compressor then stops taking XML. Once the
      // client is gone the bytes are dropped (never an error: nothing listens on this stream);
      // the export loop stops at its next caughtUp().
      write: (chunk: Buffer, _encoding, done) => {
        if (this.sink.write(chunk)) return done();
        this.sink.drained().then(
          () => done(),
          () => done(),
        );
      },
    });
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: zipOutput,
      useSharedStrings: false,
      useStyles: false,
    });
  }

  async start(): Promise<void> {
    this.nextSheet();
  }

  async write(events: readonly ExportEvent[]): Promise<void> {
    for (const event of events) {
      if (this.rowsInSheet === this.rowsPerSheet) this.nextSheet();
      const pieces = splitCanonical(event.canonical);
      if (pieces.length > this.canonicalPieces) throw new Error(`canonical of seq ${event.seq} needs more columns`);
      // Cut first, then escaped: a cell's limit counts the text it holds, and no escape spans two cells.
      const canonical = Array.from({ length: this.canonicalPieces }, (_, i) => {
        const piece = pieces[i];
        return piece === undefined ? null : encodeCellText(piece);
      });
      const readable = readableCells(event, this.time).map((cell) => (cell ? encodeCellText(cell) : null));
      this.currentSheet()
        .addRow([event.seq, event.prevHash, event.hash, ...canonical, ...readable])
        .commit();
      this.rowsInSheet += 1;
    }
    await this.caughtUp();
  }

  async finish(rows: number): Promise<void> {
    this.currentSheet().commit();
    const meta = this.workbook.addWorksheet('meta');
    meta.columns = [{ width: 12 }, { width: 18 }, { width: 100 }];
    meta.addRow([...META_SHEET_HEADER]).commit();
    for (const entry of metadataRows(this.context, rows)) meta.addRow(entry.map(encodeCellText)).commit();
    meta.commit();
    // Resolves once the zip is complete and the sink has taken its last byte.
    await this.workbook.commit();
  }

  private currentSheet(): ExcelJS.Worksheet {
    if (!this.sheet) throw new Error('XLSX export not started');
    return this.sheet;
  }

  private nextSheet(): void {
    this.sheet?.commit();
    this.sheets += 1;
    this.rowsInSheet = 0;
    this.sheet = this.workbook.addWorksheet(`audit-${this.sheets}`, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = this.columns.map((name) => ({
      width: WIDTHS[name] ?? (name.startsWith('canonical') ? 60 : 16),
    }));
    this.sheet.addRow(this.columns).commit();
  }

  /** XML of the current sheet that exceljs has produced and its zip compressor not yet taken. */
  get backlogBytes(): number {
    const stream = (this.sheet as unknown as { stream?: SheetStreamInternals } | null)?.stream;
    const queued = (stream?.pipes ?? []).reduce((total, pipe) => total + (pipe._writableState?.length ?? 0), 0);
    return queued + (stream?.buffers ?? []).reduce((total, buffer) => total + buffer.length, 0);
  }

  /**
   * exceljs writes committed rows into its zip compressor's input without backpressure: a slow
   * client (or a zip busy with an earlier entry) would let the XML pile up in memory. So before
   * the next batch is read, wait until the client has taken what was sent and the compressor has
   * taken all but a few megabytes of XML. The backlog is read from exceljs 4.4 internals (the
   * version is pinned; a unit test fails if they change).
   */
  private async caughtUp(): Promise<void> {
    for (;;) {
      await this.sink.drained();
      if (this.backlogBytes <= MAX_BACKLOG_BYTES) return;
      await sleep(POLL_MS);
    }
  }
}
