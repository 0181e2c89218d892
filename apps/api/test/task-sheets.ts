import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { TASK_IMPORT_COLUMNS, TASK_IMPORT_SHEET } from '@zibo/domain';
import type { ApiInstance } from './test-app';

export type SheetCell = string | number | Date | { formula: string } | null;

/** An XLSX with the template's headers (or `headers`) and these rows, as a user would fill it. */
export async function taskSheet(rows: SheetCell[][], headers = TASK_IMPORT_COLUMNS.map((c) => c.header)) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(TASK_IMPORT_SHEET);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A row in template order: work item, title, description, lead, co-owners, start, due, cycle. */
export const taskRow = (overrides: Partial<Record<(typeof TASK_IMPORT_COLUMNS)[number]['key'], SheetCell>> = {}) =>
  TASK_IMPORT_COLUMNS.map((c) =>
    c.key in overrides
      ? (overrides[c.key] ?? null)
      : ({
          workItem: 'FA2.2 聚力推动重大项目建设',
          title: '导入的任务',
          description: '',
          leadDepartment: '经济发展局',
          coDepartments: '科技创新局',
          startDate: '2026-01-01',
          dueDate: '2026-12-31',
          reportingCycle: '月报',
        }[c.key] ?? null),
  );

/** A ZIP of one entry that inflates to `inflatedBytes` zeros: a few hundred kilobytes on the wire. */
export function zipBomb(inflatedBytes = 200 * 1024 * 1024): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.alloc(inflatedBytes), { level: 9 });
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  // The declared size lies (small), as a hostile file's would.
  local.writeUInt32LE(1000, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1000, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryOffset = local.length + name.length + data.length;
  const directorySize = central.length + name.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** POSTs a file to the import as multipart field `file`. */
export async function postSheet(
  api: ApiInstance,
  token: string | undefined,
  content: Buffer,
  options: { dryRun?: boolean; key?: string; field?: string; fileName?: string } = {},
) {
  const form = new FormData();
  form.append(options.field ?? 'file', new Blob([new Uint8Array(content)]), options.fileName ?? '任务.xlsx');
  const query = options.dryRun === undefined ? '' : `?dryRun=${String(options.dryRun)}`;
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  const response = await fetch(`${api.baseUrl}/api/tasks/import${query}`, { method: 'POST', headers, body: form });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body };
}
