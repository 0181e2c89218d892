import { generateKeyPairSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { exportChain, exportContextOf, signedCheckpoint, writeExportFile } from '../../../test/export-fixtures';
import { CheckpointSigner } from '../audit';
import { type ExportContext, type ExportEvent, HASHED_READABLE_COLUMNS, READABLE_COLUMNS } from './audit-export-layout';
import { describeVerification, verifyAuditExport } from './audit-export-verifier';
import { csvRecords } from './csv-record-parser';

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signer = new CheckpointSigner(signingKey);
const publicKeyPem = signer.publicKeyPem();

const chain = exportChain;
const contextOf = (events: ExportEvent[], checkpointSeq: number | null, filter: Record<string, string> = {}) =>
  exportContextOf(events, checkpointSeq, signer, filter);

describe('Offline verification of audit exports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-export-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = (format: 'csv' | 'xlsx', events: ExportEvent[], context: ExportContext, rowsPerSheet?: number) =>
    writeExportFile(dir, format, events, context, rowsPerSheet);

  async function editCsv(path: string, edit: (text: string) => string): Promise<void> {
    await writeFile(path, edit(await readFile(path, 'utf8')));
  }

  describe('CSV', () => {
    it('verifies an intact unfiltered export with its signed checkpoint', async () => {
      const events = chain(30);
      const path = await write('csv', events, contextOf(events, 20));
      const result = await verifyAuditExport(path, { publicKeyPem });
      expect(result).toMatchObject({
        ok: true,
        rows: 30,
        unfiltered: true,
        checkpoint: { seq: 20, signature: 'valid' },
      });
      expect(describeVerification(result)).toBe(
        `OK: 30 rows, head 30 ${events[29]?.hash}, checkpoint 20 signature valid`,
      );
      expect(describeVerification(await verifyAuditExport(path))).toContain('checkpoint 20 signature not checked');
    });

    it('starts with a byte-order mark and ends with the metadata after an empty row', async () => {
      const events = chain(3);
      const text = await readFile(await write('csv', events, contextOf(events, 3)), 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).split('\r\n');
      expect(lines[0]).toBe(
        'seq,prevHash,hash,canonical,at,actorName,actorRole,department,action,entityType,entityId,before,after,requestId,ip,sha256',
      );
      expect(lines[4]).toBe('');
      expect(lines).toContain('#meta,format,zibo-audit-export/1');
      expect(lines).toContain('#meta,rows,3');
      expect(lines).toContain('#checkpoint,seq,3');
      expect(lines[1]).toContain(',2026-11-27T15:00:01.000+08:00,');
    });

    it('reports a changed canonical text at its seq', async () => {
      const events = chain(30);
      const path = await write('csv', events, contextOf(events, 20));
      await editCsv(path, (t) => t.replace('新标题 12', '新标题 99'));
      expect(describeVerification(await verifyAuditExport(path))).toBe(
        'BROKEN at seq 12, column canonical: hash does not match prevHash + canonical',
      );
    });

    it('reports a changed hash at its seq', async () => {
      const events = chain(30);
      const path = await write('csv', events, contextOf(events, 20));
      await editCsv(path, (t) => t.replace(`,${events[6]?.hash},`, `,${'f'.repeat(64)},`));
      expect((await verifyAuditExport(path)).brokenAt).toEqual({
        seq: 7,
        reason: expect.stringContaining('hash'),
        column: 'hash',
      });
    });

    it('reports a readable column that no longer says what was hashed', async () => {
      const events = chain(30);
      const path = await write('csv', events, contextOf(events, 20));
      await editCsv(path, (t) => t.replace(',e-8,', ',e-88,'));
      expect((await verifyAuditExport(path)).brokenAt).toEqual({
        seq: 8,
        reason: 'readable column entityId differs from the hashed event',
        column: 'entityId',
      });
    });

    it('reports a deleted row in an unfiltered export', async () => {
      const events = chain(30);
      const path = await write('csv', events, contextOf(events, 20));
      await editCsv(path, (t) => t.replace(/\r\n15,[^\r\n]*/, ''));
      expect((await verifyAuditExport(path)).brokenAt).toEqual({ seq: 16, reason: 'seq 15…15 missing', column: 'seq' });
    });

    it('reports a file cut short as incomplete', async () => {
      const events = chain(30);
      const path = await write('csv', events, contextOf(events, 20));
      await editCsv(path, (t) => t.slice(0, t.indexOf('\r\n26,') + 2));
      expect((await verifyAuditExport(path)).brokenAt).toEqual({
        seq: 25,
        reason: expect.stringContaining('incomplete'),
      });
    });

    it('reports a checkpoint that does not match the exported rows, or its signature', async () => {
      const events = chain(30);
      const path = await write('csv', events, contextOf(events, 20));
      const forged = join(dir, 'forged.csv');
      const text = await readFile(path, 'utf8');
      await writeFile(
        forged,
        text.replace(`#checkpoint,headHash,${events[19]?.hash}`, `#checkpoint,headHash,${'c'.repeat(64)}`),
      );
      expect((await verifyAuditExport(forged)).brokenAt).toEqual({
        seq: 20,
        reason: expect.stringContaining('payload'),
      });
      const otherKey = new CheckpointSigner(
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ).publicKeyPem();
      expect((await verifyAuditExport(path, { publicKeyPem: otherKey })).brokenAt).toEqual({
        seq: 20,
        reason: expect.stringContaining('signed with key'),
      });
    });

    it('finds the checkpoint row beyond the recent rows with a second pass', async () => {
      const events = chain(10_030);
      const path = await write('csv', events, contextOf(events, 10));
      expect(await verifyAuditExport(path, { publicKeyPem })).toMatchObject({
        ok: true,
        rows: 10_030,
        checkpoint: { seq: 10, signature: 'valid' },
      });
    }, 30_000);

    it('verifies a filtered export row by row and links only where seq is contiguous', async () => {
      const events = chain(30).filter((e) => e.seq % 3 === 0 || e.seq === 10 || e.seq === 11);
      const path = await write('csv', events, { ...contextOf(chain(30), null, { entityType: 'department' }) });
      const result = await verifyAuditExport(path);
      expect(result).toMatchObject({ ok: true, rows: 12, unfiltered: false, checkpoint: null });
      expect(describeVerification(result)).toContain('(filtered export: links checked where seq is contiguous)');
    });

    it('reports a syntax fault at its record however the file is cut, and reads records ended by CR alone', async () => {
      const events = chain(30, (r) => {
        // A line feed inside a quoted field: not a place to cut.
        if (r.seq === 7) r.requestId = 'two\nlines';
      });
      const path = await write('csv', events, contextOf(events, 20));
      const intact = await verifyAuditExport(path, { publicKeyPem, batchBytes: 97 });
      expect(intact).toMatchObject({ ok: true, rows: 30 });
      await editCsv(path, (t) => t.replace(',req-20,', ',req"20,'));
      const whole = describeVerification(await verifyAuditExport(path));
      expect(whole).toBe(
        'BROKEN at seq 19: the file cannot be read after this row: record 21: a quote inside an unquoted field',
      );
      for (const batchBytes of [1, 97, 500, 4096]) {
        expect(describeVerification(await verifyAuditExport(path, { batchBytes }))).toBe(whole);
      }
      const crOnly = join(dir, 'cr-only.csv');
      const text = await readFile(await write('csv', events, contextOf(events, 20)), 'utf8');
      await writeFile(crOnly, text.replaceAll('\r\n', '\r'));
      expect(await verifyAuditExport(crOnly, { publicKeyPem, batchBytes: 97 })).toMatchObject({
        ok: true,
        rows: 30,
        checkpoint: { seq: 20, signature: 'valid' },
      });
    });

    it('escapes formulas in readable cells, never in canonical, and still verifies', async () => {
      const events = chain(3, (r) => {
        r.entityId = '=HYPERLINK("http://evil")';
        r.requestId = '-1+2';
      });
      const path = await write('csv', events, contextOf(events, null));
      const text = await readFile(path, 'utf8');
      expect(text).toContain(`,"'=HYPERLINK(""http://evil"")",`);
      expect(text).toContain(",'-1+2,");
      expect(text).toContain('""entityId"":""=HYPERLINK(');
      expect((await verifyAuditExport(path)).ok).toBe(true);
    });
  });

  describe('XLSX', () => {
    it('verifies an export split over sheets with a canonical longer than one cell', async () => {
      const events = chain(20, (r) => {
        if (r.seq === 9) r.after = { description: '很长的说明'.repeat(14_000) };
      });
      expect(events[8]?.canonical.length).toBeGreaterThan(65_534);
      const path = await write('xlsx', events, contextOf(events, 18), 7);
      expect(await verifyAuditExport(path, { publicKeyPem })).toMatchObject({
        ok: true,
        rows: 20,
        checkpoint: { seq: 18, signature: 'valid' },
      });
      const workbook = await new ExcelJS.Workbook().xlsx.readFile(path);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['audit-1', 'audit-2', 'audit-3', 'meta']);
      const second = workbook.getWorksheet('audit-2');
      expect(second?.getRow(1).getCell(5).value).toBe('canonical_2');
      // seq 9 is the second row of the second sheet; its canonical continues over three cells.
      expect(second?.getRow(3).getCell(1).value).toBe(9);
      expect(String(second?.getRow(3).getCell(6).value).length).toBeGreaterThan(0);
      expect(second?.getRow(3).getCell(7).value).toBeNull();
    });

    it('reports a changed cell at its seq', async () => {
      const events = chain(20);
      const path = await write('xlsx', events, contextOf(events, 18), 7);
      const workbook = await new ExcelJS.Workbook().xlsx.readFile(path);
      const cell = workbook.getWorksheet('audit-2')?.getRow(4).getCell(4);
      if (!cell) throw new Error('no such cell');
      cell.value = String(cell.value).replace('新标题 10', '新标题 11');
      await workbook.xlsx.writeFile(path, { useSharedStrings: false });
      expect(describeVerification(await verifyAuditExport(path))).toBe(
        'BROKEN at seq 10, column canonical: hash does not match prevHash + canonical',
      );
    });
  });

  describe('a change to any one cell of an event row (generated from the file header)', () => {
    // Names looked up at export time are for reading only: no hash covers them (README).
    const UNCOVERED = READABLE_COLUMNS.filter((c) => !HASHED_READABLE_COLUMNS.includes(c));
    const TARGET = 12;
    // seq 5 is longer than one cell holds: the XLSX has canonical_2, canonical_3 columns. (ASCII:
    // exceljs's non-streaming reader, used here to edit cells, garbles a Chinese character whose
    // bytes straddle two read chunks, see audit-export-reader.ts.)
    const events = chain(30, (r) => {
      if (r.seq === 5) r.after = { description: 'a long description '.repeat(4_000) };
    });
    const context = contextOf(events, 20);
    // The verifier names the column as the file's header does; continuation cells belong to canonical.
    const reported = (header: string) => (/^canonical_\d+$/.test(header) ? 'canonical' : header);

    /** Another value for one cell; for seq, rows N and N+1 exchange everything but their seq. */
    function changed(rows: (string | number | null)[][], header: string[], column: string): void {
      const index = header.indexOf(column);
      const row = rows[TARGET] ?? [];
      if (column === 'seq') {
        const next = rows[TARGET + 1] ?? [];
        [rows[TARGET], rows[TARGET + 1]] = [
          next.map((cell, i) => (i === index ? (row[i] ?? null) : cell)),
          row.map((cell, i) => (i === index ? (next[i] ?? null) : cell)),
        ];
        return;
      }
      const cell = String(row[index] ?? '');
      if (column === 'prevHash' || column === 'hash') row[index] = (cell.startsWith('f') ? 'e' : 'f') + cell.slice(1);
      else if (column === 'canonical') row[index] = ` ${cell}`;
      else row[index] = `${cell}x`;
    }

    async function csvRows(path: string): Promise<string[][]> {
      const rows: string[][] = [];
      for await (const record of csvRecords(createReadStream(path))) rows.push(record);
      return rows;
    }

    it('names exactly the reading columns no hash covers', async () => {
      const header = (await csvRows(await write('csv', events, context)))[0] ?? [];
      expect(
        header.filter(
          (name) => !['seq', 'prevHash', 'hash', 'canonical', ...HASHED_READABLE_COLUMNS].includes(name as never),
        ),
      ).toEqual(UNCOVERED);
      expect(UNCOVERED).toEqual(['actorName', 'department']);
    });

    it("reports every covered CSV column changed, at the event's seq, naming the column", async () => {
      const original = await write('csv', events, context);
      const rows = await csvRows(original);
      const header = rows[0] ?? [];
      const covered = header.filter((name) => !UNCOVERED.includes(name as never));
      expect(covered.length).toBeGreaterThanOrEqual(14);
      for (const column of covered) {
        // Row 0 is the header: row N holds seq N.
        const copy = rows.map((r) => [...r]);
        changed(copy, header, column);
        const path = join(dir, `tampered-${column}.csv`);
        await writeFile(path, stringify(copy, { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ }));
        const result = await verifyAuditExport(path, { publicKeyPem });
        expect({ column, brokenAt: result.brokenAt }).toEqual({
          column,
          brokenAt: expect.objectContaining({ seq: TARGET, column }),
        });
        // The same finding when the file is read in batches cut every few rows.
        expect((await verifyAuditExport(path, { publicKeyPem, batchBytes: 97 })).brokenAt).toEqual(result.brokenAt);
      }
    }, 30_000);

    it('reports every covered XLSX column changed, continuation cells included', async () => {
      const original = await write('xlsx', events, context);
      const workbook = await new ExcelJS.Workbook().xlsx.readFile(original);
      const header = ((workbook.getWorksheet('audit-1')?.getRow(1).values as unknown[]) ?? []).slice(1).map(String);
      expect(header).toContain('canonical_3');
      const covered = header.filter((name) => !UNCOVERED.includes(name as never));
      for (const column of covered) {
        const copy = await new ExcelJS.Workbook().xlsx.readFile(original);
        const sheet = copy.getWorksheet('audit-1');
        if (!sheet) throw new Error('no sheet');
        const rows: (string | number | null)[][] = [];
        sheet.eachRow({ includeEmpty: true }, (row) => {
          rows.push(header.map((_, i) => (row.getCell(i + 1).value as string | number | null) ?? null));
        });
        changed(rows, header, column);
        for (const n of [TARGET, TARGET + 1]) {
          const row = sheet.getRow(n + 1);
          rows[n]?.forEach((value, i) => (row.getCell(i + 1).value = value === '' ? null : value));
        }
        const path = join(dir, `tampered-${column}.xlsx`);
        await copy.xlsx.writeFile(path, { useSharedStrings: false });
        const result = await verifyAuditExport(path, { publicKeyPem });
        expect({ column, brokenAt: result.brokenAt }).toEqual({
          column,
          brokenAt: expect.objectContaining({ seq: TARGET, column: reported(column) }),
        });
        expect((await verifyAuditExport(path, { publicKeyPem, batchBytes: 97 })).brokenAt).toEqual(result.brokenAt);
      }
    }, 60_000);
  });

  describe('--since: extending a checkpoint the auditor saved earlier', () => {
    const events = chain(30);
    const pinned = signedCheckpoint(events, 10, signer);

    it('proves that a later export extends the pinned checkpoint', async () => {
      const path = await write('csv', events, contextOf(events, 20));
      const result = await verifyAuditExport(path, { publicKeyPem, since: pinned });
      expect(result).toMatchObject({ ok: true, pinned: { seq: 10, signature: 'valid' } });
      expect(describeVerification(result)).toBe(
        `OK: 30 rows, head 30 ${events[29]?.hash}, checkpoint 20 signature valid, extends the pinned checkpoint 10`,
      );
      expect(describeVerification(await verifyAuditExport(path, { since: pinned }))).toContain(
        'extends the pinned checkpoint 10 (its signature not checked)',
      );
    });

    it('catches a history rewritten before it, even with every checkpoint re-signed by the stolen key', async () => {
      // Event 5 changed, every later hash recomputed, the checkpoint signed again with the same key.
      const rewritten = chain(30, (r) => {
        if (r.seq === 5) r.after = { title: '改写的标题', percent: 5 };
      });
      for (const format of ['csv', 'xlsx'] as const) {
        const path = await write(format, rewritten, contextOf(rewritten, 20));
        expect((await verifyAuditExport(path, { publicKeyPem })).ok).toBe(true);
        const result = await verifyAuditExport(path, { publicKeyPem, since: pinned });
        expect(result.brokenAt).toEqual({
          seq: 10,
          column: 'hash',
          reason: expect.stringContaining('does not extend'),
        });
        expect(describeVerification(result)).toMatch(/^BROKEN at seq 10, column hash: the export does not extend/);
      }
    });

    it('needs the pinned seq in an unfiltered export, and the pinned checkpoint intact', async () => {
      const shorter = chain(8);
      expect(
        (await verifyAuditExport(await write('csv', shorter, contextOf(shorter, 8)), { since: pinned })).brokenAt,
      ).toEqual({
        seq: 10,
        reason: expect.stringContaining('does not hold seq 10'),
      });
      const filtered = await write(
        'csv',
        events.filter((e) => e.seq % 3 === 0),
        contextOf(events, null, { entityType: 'department' }),
      );
      expect((await verifyAuditExport(filtered, { since: pinned })).brokenAt?.reason).toContain('filtered export');
      const path = await write('csv', events, contextOf(events, 20));
      const edited = { ...pinned, headHash: events[11]?.hash ?? '' };
      expect((await verifyAuditExport(path, { since: edited })).brokenAt?.reason).toContain('its own signed payload');
      const other = new CheckpointSigner(
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      );
      const foreign = signedCheckpoint(events, 10, other);
      expect((await verifyAuditExport(path, { publicKeyPem, since: foreign })).brokenAt?.reason).toContain(
        'the pinned checkpoint (--since) was signed with key',
      );
    });
  });

  describe('several pinned public keys', () => {
    const rotated = new CheckpointSigner(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );

    it('picks the key a checkpoint names among those given', async () => {
      const events = chain(30);
      const path = await write('csv', events, exportContextOf(events, 20, rotated));
      expect(await verifyAuditExport(path, { publicKeyPems: [publicKeyPem, rotated.publicKeyPem()] })).toMatchObject({
        ok: true,
        checkpoint: { seq: 20, signature: 'valid' },
      });
      // The pinned checkpoint was signed before the rotation, the export's after it.
      expect(
        await verifyAuditExport(path, {
          publicKeyPems: [publicKeyPem, rotated.publicKeyPem()],
          since: signedCheckpoint(events, 10, signer),
        }),
      ).toMatchObject({ ok: true, pinned: { seq: 10, signature: 'valid' } });
      const result = await verifyAuditExport(path, { publicKeyPem });
      expect(result.brokenAt).toEqual({ seq: 20, reason: expect.stringContaining(`signed with key ${rotated.keyId}`) });
      expect((await verifyAuditExport(path, { publicKeyPems: ['not a key'] })).brokenAt?.reason).toContain(
        'not a PEM public key',
      );
    });
  });
});
