import { stringify } from 'csv-stringify/sync';
import type { LedgerView } from '@zibo/domain';
import { LEDGER_COLUMNS, escapeCell, ledgerRows } from './ledger-table';

/**
 * The ledger as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read the Chinese
 * right), a header line, one line per (department, task), and the audit chain head it was computed
 * at in the last two columns of every line.
 */
export function ledgerCsv(view: LedgerView, zone: string): Buffer {
  const text = stringify(
    ledgerRows(view, zone).map((row) => row.map(escapeCell)),
    {
      bom: true,
      header: true,
      columns: LEDGER_COLUMNS.map((c, index) => ({ key: String(index), header: c.title })),
      record_delimiter: 'windows',
    },
  );
  return Buffer.from(text, 'utf8');
}
