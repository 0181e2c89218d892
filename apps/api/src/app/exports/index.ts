import type { VerifyCommandOutput } from './verify-command';

export { csvRecords } from './csv-record-parser';
export { ExportsModule } from './exports.module';
export { TABLE_CONTENT_TYPES, rowsOf, tableFile } from './table-export';
export type { TableCell, TableColumn } from './table-export';
export type { VerifyCommandOutput } from './verify-command';
/**
 * The offline verifier (verify-cli). Loaded on its call: the api's bundle holds this face, and the
 * verifier reads XLSX with exceljs, which an idle api would otherwise carry.
 */
export async function runVerifyCommand(args: readonly string[], output: VerifyCommandOutput): Promise<number> {
  return (await import('./verify-command')).runVerifyCommand(args, output);
}
export { ZonedTimeFormat } from './zoned-time-format';
