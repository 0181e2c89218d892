import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { type AuditRecord, GENESIS_HASH, canonicalText, chainHash } from '../audit/audit-chain';
import { CheckpointSigner } from '../audit/checkpoint-signer';
import { type ExportContext, type ExportEvent, canonicalColumnCount } from './audit-export-layout';
import { describeVerification, verifyAuditExport } from './audit-export-verifier';
import type { AuditExportWriter } from './audit-export-writer';
import { CsvExportWriter } from './csv-export-writer';
import { ExportSink } from './export-sink';
import { XlsxExportWriter } from './xlsx-export-writer';

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signer = new CheckpointSigner(signingKey);
const publicKeyPem = signer.publicKeyPem();

/** A valid chain of `count` events, as the audit writer would have stored it. */
function chain(count: number, change: (record: AuditRecord) => void = () => undefined): ExportEvent[] {
  const events: ExportEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const record: AuditRecord = {
      seq,
      at: new Date(Date.UTC(2026, 10, 27, 7, 0, seq)).toISOString(),
      actorId: '2f1e6a52-6a43-4c7e-9d52-0d7a8a1d2b11',
      actorRole: 'committee',
      departmentId: null,
      action: 'task.update',
      entityType: seq % 3 === 0 ? 'department' : 'task',
      entityId: `e-${seq}`,
      before: { title: `旧标题 ${seq}` },
      after: { title: `新标题 ${seq}`, percent: seq },
      requestId: `req-${seq}`,
      ip: '127.0.0.1',
      sha256: null,
    };
    change(record);
    const canonical = canonicalText(record);
    const hash = chainHash(prevHash, canonical);
    events.push({ seq, prevHash, hash, canonical, actorName: '管委会 张三', departmentName: null });
    prevHash = hash;
  }
  return events;
}

function contextOf(events: ExportEvent[], checkpointSeq: number | null, filter: Record<string, string> = {}) {
  const head = events[events.length - 1];
  const atCheckpoint = events.find((e) => e.seq === checkpointSeq);
  const claim = atCheckpoint && {
    seq: atCheckpoint.seq,
    headHash: atCheckpoint.hash,
    count: atCheckpoint.seq,
    at: '2026-11-27T07:05:00.000Z',
    keyId: signer.keyId,
  };
  const context: ExportContext = {
    exportedAt: new Date('2026-11-27T08:00:00.000Z'),
    exportedBy: 'auditor',
    timeZone: 'Asia/Shanghai',
    filter,
    unfiltered: Object.keys(filter).length === 0,
    head: head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH },
    checkpoint: claim ? { ...claim, ...signer.sign(claim) } : null,
  };
  return context;
}

describe('Offline verification of audit exports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-export-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  let fileNumber = 0;
  async function write(
    format: 'csv' | 'xlsx',
    events: ExportEvent[],
    context: ExportContext,
    rowsPerSheet?: number,
  ): Promise<string> {
    const path = join(dir, `export-${(fileNumber += 1)}.${format}`);
    const sink = new ExportSink(createWriteStream(path));
    const writer: AuditExportWriter =
      format === 'csv'
        ? new CsvExportWriter(sink, context)
        : new XlsxExportWriter(
            sink,
            context,
            canonicalColumnCount(
              Math.max(...events.map((e) => e.canonical.length)),
              Math.max(...events.map((e) => Buffer.byteLength(e.canonical))),
            ),
            rowsPerSheet,
          );
    await writer.start();
    await writer.write(events.slice(0, 10));
    await writer.write(events.slice(10));
    await writer.finish(events.length);
    await sink.end();
    return path;
  }

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
    });

    it('verifies a filtered export row by row and links only where seq is contiguous', async () => {
      const events = chain(30).filter((e) => e.seq % 3 === 0 || e.seq === 10 || e.seq === 11);
      const path = await write('csv', events, { ...contextOf(chain(30), null, { entityType: 'department' }) });
      const result = await verifyAuditExport(path);
      expect(result).toMatchObject({ ok: true, rows: 12, unfiltered: false, checkpoint: null });
      expect(describeVerification(result)).toContain('(filtered export: links checked where seq is contiguous)');
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
});
