export { csvRecords } from './csv-record-parser';
export { ExportsModule } from './exports.module';
export { TABLE_CONTENT_TYPES, rowsOf, tableFile } from './table-export';
export type { TableCell, TableColumn } from './table-export';
export { runVerifyCommand } from './verify-command';
export { ZonedTimeFormat } from './zoned-time-format';
