import { type Stringifier, stringify } from 'csv-stringify';
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

/**
 * CSV export: a header row, one row per event, an empty row, then `#meta` and (unfiltered
 * exports) `#checkpoint` rows of `section,key,value`. UTF-8 with a byte-order mark so that Excel
 * reads the Chinese text; CRLF line ends (RFC 4180).
 */
export class CsvExportWriter implements AuditExportWriter {
  private readonly csv: Stringifier;
  private readonly time: ZonedTimeFormat;

  constructor(
    private readonly sink: ExportSink,
    private readonly context: ExportContext,
  ) {
    this.time = new ZonedTimeFormat(context.timeZone);
    this.csv = stringify({
      bom: true,
      record_delimiter: 'windows',
      // csv-stringify quotes a field holding CRLF but not a lone CR or LF: quote those too.
      quoted_match: /[\r\n]/,
    });
    this.csv.on('data', (chunk: Buffer) => this.sink.write(chunk));
  }

  async start(): Promise<void> {
    await this.row([...CHAIN_COLUMNS, ...READABLE_COLUMNS]);
  }

  async write(events: readonly ExportEvent[]): Promise<void> {
    for (const event of events) {
      await this.row([
        String(event.seq),
        event.prevHash,
        event.hash,
        event.canonical,
        ...readableCells(event, this.time),
      ]);
    }
  }

  async finish(rows: number): Promise<void> {
    await this.row([]);
    for (const entry of metadataRows(this.context, rows)) await this.row(entry);
    await new Promise<void>((resolve, reject) => {
      // 'end' (not 'finish'): every chunk has then gone to the sink.
      this.csv.once('end', resolve);
      this.csv.once('error', reject);
      this.csv.end();
    });
    await this.sink.drained();
  }

  private async row(cells: string[]): Promise<void> {
    this.csv.write(cells);
    if (this.sink.backedUp) await this.sink.drained();
  }
}
