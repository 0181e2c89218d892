import type { VerifyCommandOutput } from './verify-command';

export { csvRecords } from './csv-record-parser';
export { ExportsModule } from './exports.module';
export { TABLE_CONTENT_TYPES, rowsOf, tableFile } from './table-export';
export type { TableCell, TableColumn } from './table-export';
export type { VerifyCommandOutput } from './verify-command';
/**
 * The offline verifier (verify-cli). Loaded on its call: the api's bundle holds this face, and an
 * idle api need not carry the verifier's readers. `workerScript` is a file that serves verify
 * batches when run as a worker thread (serveVerifyBatches); without it all work stays in this thread.
 */
export async function runVerifyCommand(
  args: readonly string[],
  output: VerifyCommandOutput,
  workerScript?: string,
): Promise<number> {
  return (await import('./verify-command')).runVerifyCommand(args, output, workerScript);
}

/** A verify worker thread's loop (see runVerifyCommand). */
export async function serveVerifyBatches(port: import('node:worker_threads').MessagePort): Promise<void> {
  (await import('./verify-workers')).serveVerifyBatches(port);
}
export { ZonedTimeFormat } from './zoned-time-format';
