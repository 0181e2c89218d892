import { PassThrough, type Writable } from 'node:stream';
import { Logger, StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { ExportAborted, ExportSink } from './export-sink';
import {
  CELL_MAX_CHARS,
  NOT_XML,
  cutWithoutSplittingPairs,
  neutraliseFormula,
} from '../../core/documents/spreadsheet-cell';

export type TableFormat = 'csv' | 'xlsx';
export type TableCell = string | number | null;

export interface TableColumn {
  header: string;
  /** XLSX column width in characters. */
  width: number;
}

export const TABLE_CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A reading cell of a list export, escaped as the audit exports escape theirs: characters a
 * spreadsheet file cannot hold replaced, cut to one cell, and a leading `'` before `=`, `+`, `-`,
 * `@`, tab or carriage return so that no spreadsheet runs the text as a formula.
 */
export function tableCell(value: TableCell): TableCell {
  if (typeof value !== 'string') return value;
  const text = neutraliseFormula(value.replace(NOT_XML, '\uFFFD'));
  return text.length <= CELL_MAX_CHARS ? text : `${cutWithoutSplittingPairs(text, CELL_MAX_CHARS - 1)}…`;
}

const logger = new Logger('TableExport');

/**
 * A table as a download, CSV (UTF-8 with a byte-order mark, CRLF) or XLSX (exceljs' streaming
 * writer, no shared strings), written while the client reads: rows are pulled only as fast as
 * it takes them, so memory stays flat whatever their number. Chinese file names go in `filename*`.
 */
export function tableFile(
  format: TableFormat,
  file: { name: string; asciiName: string; sheet: string },
  columns: readonly TableColumn[],
  rows: AsyncIterable<TableCell[]>,
): StreamableFile {
  const stream = new PassThrough();
  writeTable(stream, format, file.sheet, columns, rows).catch((error: unknown) => {
    // Headers are gone by now: a cut-off download is all the client can be told.
    if (!(error instanceof ExportAborted))
      logger.error(`export failed: ${error instanceof Error ? error.message : String(error)}`);
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return new StreamableFile(stream, {
    type: TABLE_CONTENT_TYPES[format],
    disposition: `attachment; filename="${file.asciiName}.${format}"; filename*=UTF-8''${encodeURIComponent(`${file.name}.${format}`)}`,
  });
}

async function writeTable(
  stream: Writable,
  format: TableFormat,
  sheetName: string,
  columns: readonly TableColumn[],
  rows: AsyncIterable<TableCell[]>,
): Promise<void> {
  const sink = new ExportSink(stream);
  if (format === 'csv') {
    const csv = stringify({ bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
    csv.on('data', (chunk: Buffer) => sink.write(chunk));
    const done = new Promise<void>((resolve, reject) => {
      csv.once('end', resolve);
      csv.once('error', reject);
    });
    csv.write(columns.map((c) => c.header));
    for await (const row of rows) {
      csv.write(row.map(tableCell));
      if (sink.backedUp) await sink.drained();
    }
    csv.end();
    await done;
    await sink.end();
    return;
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  workbook.creator = 'zibo-supervision';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, index) => ({ header: c.header, key: String(index), width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const row of rows) {
    sheet.addRow(row.map(tableCell)).commit();
    if (sink.backedUp) await sink.drained();
  }
  sheet.commit();
  await workbook.commit();
}

/** Rows already in memory (a small table) as the stream `tableFile` takes. */
export async function* rowsOf(rows: readonly TableCell[][]): AsyncGenerator<TableCell[]> {
  for (const row of rows) yield row;
}
