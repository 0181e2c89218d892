import type { CellValue, Worksheet } from 'exceljs';
import {
  type FieldError,
  TASK_IMPORT_COLUMNS,
  TASK_IMPORT_LIMITS,
  TASK_IMPORT_SHEET,
  type TaskImportCells,
  type TaskImportColumnKey,
} from '@zibo/domain';
import { checkZipInflation } from '../../core/documents/zip-inflation-limit';
import { ProblemException, problems } from '../../core/problems/problem.exception';

export interface SheetRow {
  row: number;
  cells: TaskImportCells;
}

// An XLSX of 2,000 rows is well under a megabyte inflated; this leaves room and stops zip bombs.
const ZIP_LIMITS = { maxEntries: 500, maxInflatedBytes: 25 * 1024 * 1024 };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DATE_COLUMNS = new Set<TaskImportColumnKey>(['startDate', 'dueDate']);
// Excel's serial day 1 is 1900-01-01 (with its 1900 leap-year bug, hence the 30 December).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const notXlsx = (detail: string) =>
  new ProblemException(415, 'unsupported-file-type', 'Not an Excel workbook', detail, {});

const unreadable = (errors: FieldError[], detail: string) => problems.unprocessable(errors, detail);

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** A cell as text; formulas are refused (the cell is named), errors such as #N/A kept as text. */
function cellText(value: CellValue, key: TaskImportColumnKey, address: string, formulas: string[]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (DATE_COLUMNS.has(key) && value > 0 && value < 2_958_466 && Number.isInteger(value)) {
      return isoDate(new Date(EXCEL_EPOCH + value * 86_400_000));
    }
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDate(value);
  if ('formula' in value || 'sharedFormula' in value) {
    formulas.push(address);
    return '';
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return String(value.error);
  if ('text' in value) return typeof value.text === 'string' ? value.text : '';
  return '';
}

function worksheetOf(workbook: { worksheets: Worksheet[]; getWorksheet(name: string): Worksheet | undefined }) {
  return workbook.getWorksheet(TASK_IMPORT_SHEET) ?? workbook.worksheets[0];
}

/**
 * The data rows of an uploaded task sheet, by header (row 1, any column order; unknown headers are
 * ignored). Refused before anything is parsed for the rows: not an XLSX → 415; a zip bomb, a
 * damaged file, a missing required column, a formula (paste values instead) or more than 2,000
 * rows → 422. Blank rows are skipped; each row keeps its sheet number.
 */
export async function readTaskImportSheet(buffer: Buffer): Promise<SheetRow[]> {
  const zip = checkZipInflation(buffer, ZIP_LIMITS);
  if (!zip.ok) {
    if (zip.reason === 'not_zip') throw notXlsx(`Upload the filled-in template as an .xlsx file (${XLSX_TYPE}).`);
    throw unreadable(
      [{ field: 'file', code: zip.reason === 'corrupt' ? 'unreadable' : 'too_large', message: 'Unreadable workbook' }],
      zip.reason === 'corrupt'
        ? 'The workbook is damaged.'
        : `The workbook inflates to more than ${ZIP_LIMITS.maxInflatedBytes / 1024 / 1024} MB or holds too many parts.`,
    );
  }
  // Loaded on first use: exceljs is a large dependency tree that only the spreadsheet routes need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw unreadable(
      [{ field: 'file', code: 'unreadable', message: 'Unreadable workbook' }],
      'The workbook could not be read.',
    );
  }
  const sheet = worksheetOf(workbook);
  if (!sheet)
    throw unreadable([{ field: 'file', code: 'no_sheet', message: 'No worksheet' }], 'The workbook has no sheet.');

  const columns = new Map<number, TaskImportColumnKey>();
  sheet.getRow(1).eachCell((cell, column) => {
    const header = typeof cell.value === 'string' ? cell.value.trim().replace(/\*$/, '') : '';
    const known = TASK_IMPORT_COLUMNS.find((c) => c.header === header);
    if (known) columns.set(column, known.key);
  });
  const present = new Set(columns.values());
  const missing = TASK_IMPORT_COLUMNS.filter((c) => c.required && !present.has(c.key));
  if (missing.length) {
    throw unreadable(
      missing.map((c) => ({ field: c.header, code: 'missing_column', message: `Column ${c.header} is missing` })),
      `Row 1 must hold the template's headers; missing: ${missing.map((c) => c.header).join('、')}.`,
    );
  }

  const rows: SheetRow[] = [];
  const formulas: string[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1 || tooMany) return;
    const cells: TaskImportCells = {};
    for (const [column, key] of columns) {
      const cell = row.getCell(column);
      const text = cellText(cell.value, key, cell.address, formulas).trim();
      if (text) cells[key] = text;
    }
    if (Object.keys(cells).length === 0) return;
    if (rows.length >= TASK_IMPORT_LIMITS.maxRows) tooMany = true;
    else rows.push({ row: number, cells });
  });
  if (tooMany) {
    throw unreadable(
      [{ field: 'file', code: 'too_many_rows', message: `At most ${TASK_IMPORT_LIMITS.maxRows} rows` }],
      `One import takes at most ${TASK_IMPORT_LIMITS.maxRows} tasks; split the sheet.`,
    );
  }
  if (formulas.length) {
    throw unreadable(
      formulas
        .slice(0, 20)
        .map((address) => ({ field: address, code: 'formula', message: 'Formulas are not accepted' })),
      `Cells with formulas (${formulas.slice(0, 5).join(', ')}${formulas.length > 5 ? ' …' : ''}): paste their values instead.`,
    );
  }
  return rows;
}
