import type { ExportEvent } from './audit-export-layout';

export const EXPORT_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/**
 * Writes one export file, batch by batch, into an ExportSink. `write` returns once the batch is
 * handed on and the client has caught up, so the caller reads the next batch only then.
 */
export interface AuditExportWriter {
  start(): Promise<void>;
  write(events: readonly ExportEvent[]): Promise<void>;
  /** Writes what follows the rows (metadata, totals) and ends the file; `rows` = events written. */
  finish(rows: number): Promise<void>;
}
