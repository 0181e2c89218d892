import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { exportChain, exportContextOf, writeExportFile } from '../../../test/export-fixtures';
import { storableHostileText } from '../../../test/hostile-text';
import { ZipStreamWriter } from '../../core/documents/zip-stream-writer';
import { CheckpointSigner } from '../audit';
import { type ExportEvent, READABLE_COLUMNS, metadataRows, readableCells } from './audit-export-layout';
import { type ExportItem, readAuditExport } from './audit-export-reader';
import { describeVerification, verifyAuditExport } from './audit-export-verifier';
import { XlsxWorkbookReader } from './xlsx-sheet-reader';
import { ZonedTimeFormat } from './zoned-time-format';

const signer = new CheckpointSigner(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);

/** What a reader gives of a file: events as their chain columns and readable cells, entries as is. */
async function itemsOf(path: string, kind: 'csv' | 'xlsx', batchBytes?: number): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of readAuditExport(path, kind, { batchBytes, keepCanonical: true })) items.push(plain(item));
  return items;
}

function plain(item: ExportItem): unknown {
  if (item.kind === 'entry') return item.entry;
  const { seq, prevHash, hash, canonical, analysis } = item.event;
  return {
    seq,
    prevHash,
    hash,
    canonical,
    problem: analysis?.problem ?? null,
    ownHashMatches: analysis?.ownHash === hash,
  };
}

async function ourCells(path: string): Promise<string[][][]> {
  const workbook = await XlsxWorkbookReader.open(path);
  const sheets: string[][][] = [];
  for (const sheet of workbook.sheets) {
    const rows: string[][] = [];
    for await (const batch of sheet.rows()) for (const row of batch) rows.push(row.cells);
    sheets.push(rows);
  }
  return sheets;
}

/** A hand-made workbook of one sheet (and shared strings, if given), zipped as our writer does. */
async function workbookFile(dir: string, sheetData: string, sharedStrings?: string): Promise<string> {
  const path = join(dir, `hand-${Math.random().toString(36).slice(2)}.xlsx`);
  const chunks: Buffer[] = [];
  const zip = new ZipStreamWriter(async (chunk) => void chunks.push(chunk), new Date('2026-11-27T08:00:00Z'));
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  await zip.add(
    'xl/workbook.xml',
    `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  await zip.add(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>${
      sharedStrings ? `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` : ''
    }</Relationships>`,
  );
  if (sharedStrings) await zip.add('xl/sharedStrings.xml', `<sst xmlns="${main}">${sharedStrings}</sst>`);
  await zip.add(
    'xl/worksheets/sheet1.xml',
    `<worksheet xmlns="${main}"><sheetData>${sheetData}</sheetData></worksheet>`,
  );
  await zip.finish();
  await writeFile(path, Buffer.concat(chunks));
  return path;
}

describe('Our XLSX reading (ZIP directory, raw inflate, sheet XML)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-xlsx-reader-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads back exactly the cells the writer was given, for hostile text in every column (property)', async () => {
    const time = new ZonedTimeFormat('Asia/Shanghai');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            text: storableHostileText(40),
            name: storableHostileText(12),
            formula: fc.constantFrom('=1+1', '+86 533', '-1', '@SUM(A1)', '=HYPERLINK("x")', 'plain'),
            long: fc.boolean(),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (rows) => {
          const events: ExportEvent[] = exportChain(rows.length, (record) => {
            const row = rows[record.seq - 1];
            if (!row) return;
            record.entityId = row.formula;
            record.requestId = row.text;
            record.after = { text: row.text, [row.name]: row.long ? '长文本<&>"'.repeat(9_000) : row.text };
          }).map((event, i) => ({
            ...event,
            actorName: rows[i]?.name ?? null,
            departmentName: rows[i]?.formula ?? null,
          }));
          const context = exportContextOf(events, events.length, signer);
          const path = await writeExportFile(dir, 'xlsx', events, context, 3);
          const sheets = await ourCells(path);
          // Header + rows of each event sheet (trailing empty cells are not written), then the meta sheet.
          const eventRows = sheets.slice(0, -1).flatMap((sheet) => {
            const width = sheet[0]?.length ?? 0;
            return sheet.slice(1).map((cells) => [...cells, ...Array(width - cells.length).fill('')]);
          });
          expect(eventRows).toHaveLength(events.length);
          eventRows.forEach((cells, i) => {
            const event = events[i] as ExportEvent;
            const canonicalCells = cells.length - 3 - READABLE_COLUMNS.length;
            expect(cells.slice(0, 3)).toEqual([String(event.seq), event.prevHash, event.hash]);
            expect(cells.slice(3, 3 + canonicalCells).join('')).toBe(event.canonical);
            expect(cells.slice(3 + canonicalCells)).toEqual(readableCells(event, time));
          });
          expect(sheets[sheets.length - 1]?.slice(1)).toEqual(
            metadataRows(context, events.length).map((row) => (row[2] === '' ? row.slice(0, 2) : row)),
          );
          // The same items as the CSV of the same events, in one batch or cut into many. (exceljs's
          // own reader is no oracle: it decodes the entities of inline text twice, `&amp;lt;` → `<`.)
          const csv = await writeExportFile(dir, 'csv', events, context);
          expect(await itemsOf(path, 'xlsx')).toEqual(await itemsOf(csv, 'csv'));
          expect(await itemsOf(path, 'xlsx', 64)).toEqual(await itemsOf(csv, 'csv', 64));
        },
      ),
      { seed: 12_2026, numRuns: 60 },
    );
  }, 120_000);

  it('verifies a copy saved with shared strings, as Excel saves a file, with the same findings', async () => {
    const events = exportChain(25, (r) => {
      r.after = { title: `标题 <${r.seq}> & "引号"`, note: '_x0041_ stays' };
    });
    const context = exportContextOf(events, 20, signer);
    const original = await writeExportFile(dir, 'xlsx', events, context, 10);
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(original);
    const resaved = join(dir, 'resaved.xlsx');
    await workbook.xlsx.writeFile(resaved, { useSharedStrings: true });
    expect((await readFile(resaved)).includes('xl/sharedStrings.xml')).toBe(true);
    const result = await verifyAuditExport(resaved, { publicKeyPem: signer.publicKeyPem() });
    expect(result).toMatchObject({ ok: true, rows: 25, checkpoint: { seq: 20, signature: 'valid' } });
    expect(await itemsOf(resaved, 'xlsx')).toEqual(await itemsOf(original, 'xlsx'));

    const cell = workbook.getWorksheet('audit-2')?.getRow(3).getCell(4);
    if (!cell) throw new Error('no such cell');
    cell.value = String(cell.value).replace('标题', '改过');
    await workbook.xlsx.writeFile(resaved, { useSharedStrings: true });
    expect(describeVerification(await verifyAuditExport(resaved))).toBe(
      'BROKEN at seq 12, column canonical: hash does not match prevHash + canonical',
    );
  });

  it('reads inline strings, shared strings with rich text runs, references, CDATA and numbers', async () => {
    const path = await workbookFile(
      dir,
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a&amp;b&#10;&#x4E2D;</t></is></c><c r="C1" t="s"><v>0</v></c>' +
        '<c r="D1" s="3" t="s"><v>1</v></c><c r="E1"><v>42</v></c><c r="F1" t="str"><v><![CDATA[<x>]]></v></c></row>' +
        '<row r="3" spans="1:2"><c r="B3" t="str"><v>line\r\nbreak _x000D_</v></c><c r="C3"/></row>',
      '<si><t xml:space="preserve"> 富 </t></si><si><r><rPr><b/></rPr><t>前</t></r><r><t>后</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh></si>',
    );
    const workbook = await XlsxWorkbookReader.open(path);
    const rows = [];
    for await (const batch of workbook.sheets[0]?.rows() ?? []) rows.push(...batch);
    expect(rows).toEqual([
      { number: 1, cells: ['a&b\n中', '', ' 富 ', '前后', '42', '<x>'] },
      { number: 3, cells: ['', 'line\nbreak \r'] },
    ]);
  });

  it.each([
    ['a formula', '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>', 'a formula cell'],
    ['a boolean', '<row r="1"><c r="A1" t="b"><v>1</v></c></row>', 'not plain text or a number (type b)'],
    ['a missing shared string', '<row r="1"><c r="A1" t="s"><v>7</v></c></row>', 'shared string 7 not found'],
    ['rows out of order', '<row r="2"/><row r="1"/>', 'row 1 out of order'],
    ['a bare ampersand', '<row r="1"><c r="A1" t="str"><v>a & b</v></c></row>', 'an & that is not a reference'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e "boom">]><row r="1"/>', 'DOCTYPE'],
    ['XML cut short', '<row r="1"><c r="A1" t="str"><v>x</v>', 'the XML ends inside an element'],
  ])('refuses %s, naming the sheet and row', async (_, sheetData, message) => {
    const path = await workbookFile(dir, sheetData);
    const workbook = await XlsxWorkbookReader.open(path);
    const read = async () => {
      for await (const batch of workbook.sheets[0]?.rows() ?? []) void batch;
    };
    await expect(read()).rejects.toThrow(message);
  });

  it('reports a damaged archive or a file that is no workbook clearly', async () => {
    const events = exportChain(30);
    const path = await writeExportFile(dir, 'xlsx', events, exportContextOf(events, 20, signer));
    const bytes = await readFile(path);
    // A byte inside the first sheet's compressed data.
    bytes[200] = (bytes[200] ?? 0) ^ 0xff;
    const damaged = join(dir, 'damaged.xlsx');
    await writeFile(damaged, bytes);
    expect(describeVerification(await verifyAuditExport(damaged))).toMatch(
      /^BROKEN at seq \d+: the file cannot be read after this row: xl\/worksheets\/sheet1\.xml (cannot be inflated|does not match its CRC-32|holds \d+ bytes)/,
    );
    const notZip = join(dir, 'not.xlsx');
    await writeFile(notZip, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]));
    expect(describeVerification(await verifyAuditExport(notZip))).toBe(
      'BROKEN at seq 0: the file cannot be read after this row: not a readable XLSX file: no ZIP end of central directory record',
    );
  });
});
