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
import { Utf8Chunks } from './utf8-chunks';
import { ZonedTimeFormat } from './zoned-time-format';

const NEEDS_QUOTES = /[",\r\n]/;
// Rows are handed to the sink in chunks of about this many bytes: few writes, small buffers.
const CHUNK_BYTES = 64 * 1024;

/**
 * One CSV field (RFC 4180): in double quotes, `"` doubled, when it holds a comma, a quote or a
 * line break (a lone CR or LF too); as is otherwise, the empty string included. Byte for byte what
 * csv-stringify wrote before (a unit test compares them); formula escaping is the cell text's
 * business (readableCell), not the CSV's.
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** csvField's text, encoded into `out` (quotes doubled in the encoded bytes: no second string). */
function writeCsvField(out: Utf8Chunks, value: string): void {
  if (NEEDS_QUOTES.test(value)) out.quoted(value);
  else out.text(value);
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
 * reads the Chinese text; CRLF line ends (RFC 4180). Rows are encoded into chunks of about 64 kB
 * (Utf8Chunks), each written once the client has taken the previous ones.
 */
export class CsvExportWriter implements AuditExportWriter {
  private readonly time: ZonedTimeFormat;
  private readonly out = new Utf8Chunks(CHUNK_BYTES);

  constructor(
    private readonly sink: ExportSink,
    private readonly context: ExportContext,
  ) {
    this.time = new ZonedTimeFormat(context.timeZone);
  }

  async start(): Promise<void> {
    this.out.text(`\uFEFF${csvRecord([...CHAIN_COLUMNS, ...READABLE_COLUMNS])}`);
    await this.flush();
  }

  async write(events: readonly ExportEvent[]): Promise<void> {
    const out = this.out;
    for (const event of events) {
      // The chain columns verbatim: seq and the hashes never need quotes, canonical (JSON) does.
      out.text(`${event.seq},${csvField(event.prevHash)},${csvField(event.hash)},`);
      writeCsvField(out, event.canonical);
      out.text(`,${csvRecord(readableCells(event, this.time))}`);
      if (out.length >= CHUNK_BYTES) await this.flush();
    }
    await this.flush();
  }

  async finish(rows: number): Promise<void> {
    this.out.text('\r\n');
    for (const entry of metadataRows(this.context, rows)) this.out.text(csvRecord(entry));
    await this.flush();
    await this.sink.drained();
  }

  /** Hands the rows so far to the sink as one chunk; waits when the client is behind. */
  private async flush(): Promise<void> {
    if (this.out.length === 0) return;
    this.sink.write(this.out.take());
    if (this.sink.backedUp) await this.sink.drained();
  }
}
