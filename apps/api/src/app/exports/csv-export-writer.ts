import {
  CHAIN_COLUMNS,
  type ExportContext,
  type ExportEvent,
  READABLE_COLUMNS,
  metadataRows,
  readableCells,
} from './audit-export-layout';
import type { AuditExportWriter } from './audit-export-writer';
import type { ExportSink } from './export-sink';
import { ZonedTimeFormat } from './zoned-time-format';

const NEEDS_QUOTES = /[",\r\n]/;
// Rows are handed to the sink in chunks of about this many characters: few writes, small strings.
const CHUNK_CHARS = 64 * 1024;

/**
 * One CSV field (RFC 4180): in double quotes, `"` doubled, when it holds a comma, a quote or a
 * line break (a lone CR or LF too); as is otherwise, the empty string included. Byte for byte what
 * csv-stringify wrote before (a unit test compares them); formula escaping is the cell text's
 * business (readableCell), not the CSV's.
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record with its CRLF line end. */
export function csvRecord(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvField(cells[i] ?? '');
  return `${line}\r\n`;
}

/**
 * CSV export: a header row, one row per event, an empty row, then `#meta` and (unfiltered
 * exports) `#checkpoint` rows of `section,key,value`. UTF-8 with a byte-order mark so that Excel
 * reads the Chinese text; CRLF line ends (RFC 4180). Rows go out in chunks of about 64 K
 * characters, each written once the client has taken the previous ones.
 */
export class CsvExportWriter implements AuditExportWriter {
  private readonly time: ZonedTimeFormat;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    private readonly sink: ExportSink,
    private readonly context: ExportContext,
  ) {
    this.time = new ZonedTimeFormat(context.timeZone);
  }

  async start(): Promise<void> {
    this.add(`\uFEFF${csvRecord([...CHAIN_COLUMNS, ...READABLE_COLUMNS])}`);
    await this.flush();
  }

  async write(events: readonly ExportEvent[]): Promise<void> {
    for (const event of events) {
      // The chain columns verbatim: seq and the hashes never need quotes, canonical (JSON) does.
      this.add(
        `${event.seq},${csvField(event.prevHash)},${csvField(event.hash)},${csvField(event.canonical)},` +
          csvRecord(readableCells(event, this.time)),
      );
      if (this.pendingChars >= CHUNK_CHARS) await this.flush();
    }
    await this.flush();
  }

  async finish(rows: number): Promise<void> {
    this.add('\r\n');
    for (const entry of metadataRows(this.context, rows)) this.add(csvRecord(entry));
    await this.flush();
    await this.sink.drained();
  }

  private add(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
  }

  /** Hands the rows so far to the sink as one chunk; waits when the client is behind. */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    this.sink.write(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
    if (this.sink.backedUp) await this.sink.drained();
  }
}
