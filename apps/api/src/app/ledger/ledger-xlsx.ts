import { type LedgerView, RANKING_FORMULA } from '@zibo/domain';
import { LEDGER_COLUMNS, businessTimestamp, escapeCell, ledgerRows } from './ledger-table';

/**
 * The ledger as an XLSX workbook: sheet 台账 with the same columns as the CSV (the chain head in the
 * last two), and sheet 说明 with the period, its deadline, when and at which audit chain head it was
 * computed, and the scoring formula.
 */
export async function ledgerXlsx(view: LedgerView, zone: string): Promise<Buffer> {
  // Loaded on first use: exceljs pulls in a large dependency tree that only this download needs.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'zibo-supervision';
  workbook.created = new Date(view.generatedAt);

  const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of ledgerRows(view, zone)) {
    sheet.addRow(row.map(escapeCell)).alignment = { vertical: 'top', wrapText: true };
  }

  const about = workbook.addWorksheet('说明');
  about.columns = [
    { header: '项目', key: 'name', width: 16 },
    { header: '内容', key: 'value', width: 80 },
  ];
  about.getRow(1).font = { bold: true };
  const lines: [string, string | number][] = [
    ['报告期', view.period],
    ['报送截止', businessTimestamp(view.deadline, zone)],
    ['是否已截止', view.closed ? '是' : '否（按当前情况计算）'],
    ['生成时间', businessTimestamp(view.generatedAt, zone)],
    ['审计链序号', view.chainHead?.seq ?? ''],
    ['审计链哈希', view.chainHead?.hash ?? ''],
    ['得分公式版本', view.formulaVersion],
    ['得分公式', RANKING_FORMULA.description],
  ];
  for (const [name, value] of lines) about.addRow({ name, value: escapeCell(value) });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
