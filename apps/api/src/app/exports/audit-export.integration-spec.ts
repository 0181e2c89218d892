import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import ExcelJS from 'exceljs';
import { sessionFor } from '../../../test/accounts';
import { type ApiInstance, TestWorld, signIn, uniqueName } from '../../../test/test-app';
import { type AuditRecord, canonicalText, chainHash, AuditService } from '../audit';
import { describeVerification, verifyAuditExport } from './audit-export-verifier';
import { AuditExportService } from './audit-export.service';
import { csvRecords } from './csv-record-parser';

// More events than one read batch (5,000), so exports span several batches.
const BULK_EVENTS = 12_000;
const FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")';

/**
 * GET /api/audit/export over HTTP against real PostgreSQL: the files verify with the offline
 * verifier's core, tampering with a file is reported at the right seq, filtered exports verify
 * row by row, readable cells are safe from formula injection, and only auditors may export
 * (三员分立: not the system or the security administrator).
 */
describe('Audit export', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let auditor: string;
  let publicKeyPem: string;
  let dir: string;
  let checkpointSeq: number;

  const headOf = async () =>
    (
      await world.sql<{ seq: number; hash: string }>(
        'SELECT seq::int AS seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1',
      )
    )[0];
  /** The head an export stopped at: the event before its own `audit.export` record. */
  const exportedHeadOf = async () => {
    const [last] = await world.sql<{ action: string; after: { upToSeq: number } }>(
      'SELECT action, after FROM audit_event ORDER BY seq DESC LIMIT 1',
    );
    expect(last?.action).toBe('audit.export');
    return (
      await world.sql<{ seq: number; hash: string }>('SELECT seq::int AS seq, hash FROM audit_event WHERE seq = $1', [
        last?.after.upToSeq,
      ])
    )[0];
  };

  /** Appends `count` valid events to the chain straight into the table (fast fixture). */
  async function appendEvents(count: number): Promise<void> {
    const head = await headOf();
    let prevHash = head?.hash ?? '0'.repeat(64);
    const columns: unknown[][] = Array.from({ length: 16 }, () => []);
    for (let i = 1; i <= count; i++) {
      const record: AuditRecord = {
        seq: (head?.seq ?? 0) + i,
        at: new Date(Date.UTC(2026, 10, 27, 0, 0, 0, i)).toISOString(),
        actorId: null,
        actorRole: null,
        departmentId: null,
        action: 'task.update',
        entityType: 'task',
        entityId: randomUUID(),
        before: { percentComplete: i % 100 },
        after: { percentComplete: (i % 100) + 1, summary: `第 ${i} 次进展` },
        requestId: null,
        ip: null,
        sha256: null,
      };
      const canonical = canonicalText(record);
      const hash = chainHash(prevHash, canonical);
      const row = [
        record.seq,
        record.at,
        null,
        null,
        null,
        record.action,
        record.entityType,
        record.entityId,
        JSON.stringify(record.before),
        JSON.stringify(record.after),
        null,
        null,
        null,
        canonical,
        prevHash,
        hash,
      ];
      row.forEach((value, c) => columns[c]?.push(value));
      prevHash = hash;
    }
    await world.sql(
      `INSERT INTO audit_event (seq, at, actor_id, actor_role, department_id, action, entity_type, entity_id, before,
                                after, request_id, ip, sha256, canonical, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::varchar[], $5::uuid[], $6::varchar[],
                            $7::varchar[], $8::varchar[], $9::jsonb[], $10::jsonb[], $11::varchar[], $12::varchar[],
                            $13::char(64)[], $14::text[], $15::char(64)[], $16::char(64)[])`,
      columns,
    );
  }

  async function download(query: string, token = auditor) {
    const response = await fetch(`${api.baseUrl}/api/audit/export?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const path = join(dir, `${uniqueName('export-')}.${/format=(\w+)/.exec(query)?.[1] ?? 'bin'}`);
    if (response.body) {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
    }
    return { response, path };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-audit-export-'));
    world = await TestWorld.create();
    api = await world.api();
    auditor = await signIn(api, 'auditor');
    const admin = await signIn(api, 'admin');
    for (let i = 0; i < 5; i++) {
      await api.request('POST', '/api/departments', {
        token: admin,
        body: { code: uniqueName('x'), name: `导出${i}` },
        // A request id a spreadsheet would read as a formula.
        headers: { 'x-request-id': `-req-${i}` },
      });
    }
    const [econ] = await world.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'econ'`);
    const created = await api.request('POST', '/api/users', {
      token: admin,
      body: {
        username: uniqueName('f.'),
        displayName: FORMULA_NAME,
        role: 'dept_staff',
        departmentId: econ?.id,
        password: 'Secret#2021-lamp',
      },
    });
    expect(created.status).toBe(201);
    // Signing in (through the forced change and enrolment) records events with this user as the actor.
    await sessionFor(api, (created.body as { username: string }).username, 'Secret#2021-lamp');
    await appendEvents(BULK_EVENTS);
    checkpointSeq = (await api.app.get(AuditService).checkpointNow())?.seq ?? 0;
    // Events after the checkpoint: the export carries the latest checkpoint at or before its last row.
    await api.request('POST', '/api/departments', { token: admin, body: { code: uniqueName('x'), name: '导出后' } });
    publicKeyPem = (await api.request<string>('GET', '/api/audit/public-key', { token: auditor })).body;
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('CSV', () => {
    it('downloads as an attachment and verifies offline, with the signed checkpoint', async () => {
      const { response, path } = await download('format=csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{8}T\d{6}Z\.csv"$/);
      const head = await exportedHeadOf();
      const result = await verifyAuditExport(path, { publicKeyPem });
      expect(result).toMatchObject({
        ok: true,
        rows: head?.seq,
        head,
        unfiltered: true,
        checkpoint: { seq: checkpointSeq, signature: 'valid' },
      });
      expect(checkpointSeq).toBeLessThan(head?.seq ?? 0);
      expect(describeVerification(result)).toBe(
        `OK: ${head?.seq} rows, head ${head?.seq} ${head?.hash}, checkpoint ${checkpointSeq} signature valid`,
      );
      const text = await readFile(path, 'utf8');
      expect(text).toContain(`\r\n#checkpoint,seq,${checkpointSeq}\r\n`);
      expect(text).toContain('\r\n#meta,unfiltered,true\r\n');
    });

    it('reports a changed canonical text, or a changed hash, at the right seq', async () => {
      const { path } = await download('format=csv');
      const text = await readFile(path, 'utf8');
      const [target] = await world.sql<{ seq: number }>(
        `SELECT seq::int AS seq FROM audit_event WHERE canonical LIKE '%导出2%' AND action = 'department.create'`,
      );
      const changed = join(dir, 'changed-canonical.csv');
      await writeFile(changed, text.replace('导出2', '导出X'));
      expect(describeVerification(await verifyAuditExport(changed))).toBe(
        `BROKEN at seq ${target?.seq}, column canonical: hash does not match prevHash + canonical`,
      );
      const [row] = await world.sql<{ hash: string }>('SELECT hash FROM audit_event WHERE seq = 4000');
      await writeFile(changed, text.replace(`,${row?.hash},`, `,${'0'.repeat(63)}1,`));
      expect((await verifyAuditExport(changed)).brokenAt).toEqual({
        seq: 4000,
        reason: expect.stringContaining('hash'),
        column: 'hash',
      });
    });

    it('escapes readable cells that a spreadsheet would run as formulas, never canonical', async () => {
      const { path } = await download('format=csv&entityType=department');
      const { createReadStream } = await import('node:fs');
      const records: string[][] = [];
      for await (const record of csvRecords(createReadStream(path))) records.push(record);
      const header = records[0] ?? [];
      const column = (name: string) => header.indexOf(name);
      const withRequest = records.find((r) => r[column('requestId')] === "'-req-1");
      expect(withRequest).toBeDefined();
      expect(JSON.parse(withRequest?.[column('canonical')] ?? '{}')).toMatchObject({ requestId: '-req-1' });

      const { path: all } = await download('format=csv&entityType=user');
      const text = await readFile(all, 'utf8');
      expect(text).toContain(`"'${FORMULA_NAME.replace(/"/g, '""')}"`);
      expect(text).not.toMatch(/,"=HYPERLINK/);
    });
  });

  describe('XLSX', () => {
    it('downloads and verifies offline, with the checkpoint in the meta sheet', async () => {
      const { response, path } = await download('format=xlsx');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(response.headers.get('content-disposition')).toMatch(/filename="audit-\d{8}T\d{6}Z\.xlsx"$/);
      const head = await exportedHeadOf();
      expect(await verifyAuditExport(path, { publicKeyPem })).toMatchObject({
        ok: true,
        rows: head?.seq,
        checkpoint: { seq: checkpointSeq, signature: 'valid' },
      });
    });

    it('reports a changed cell at the right seq', async () => {
      const { path } = await download('format=xlsx');
      const workbook = await new ExcelJS.Workbook().xlsx.readFile(path);
      const sheet = workbook.getWorksheet('audit-1');
      // Row 2 holds seq 1: row 101 holds seq 100.
      const cell = sheet?.getRow(101).getCell(3);
      if (!cell) throw new Error('no such cell');
      expect(sheet?.getRow(101).getCell(1).value).toBe(100);
      cell.value = 'f'.repeat(64);
      await workbook.xlsx.writeFile(path, { useSharedStrings: false });
      expect((await verifyAuditExport(path)).brokenAt).toEqual({
        seq: 100,
        reason: expect.stringContaining('hash'),
        column: 'hash',
      });
    });
  });

  it('verifies a filtered export row by row, without links across the gaps', async () => {
    const { response, path } = await download('format=csv&entityType=department');
    expect(response.status).toBe(200);
    const [expected] = await world.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'department'`,
    );
    const result = await verifyAuditExport(path, { publicKeyPem });
    expect(result).toMatchObject({ ok: true, rows: expected?.n, unfiltered: false, checkpoint: null });
    expect(describeVerification(result)).toContain('filtered export');
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('#checkpoint');
    expect(text).toContain('\r\n#meta,filter.entityType,department\r\n');
    const { path: xlsx } = await download('format=xlsx&entityType=department');
    expect(await verifyAuditExport(xlsx)).toMatchObject({ ok: true, rows: expected?.n });
  });

  it('gives a PDF for reading, with pages', async () => {
    const { response, path } = await download('format=pdf&entityType=department');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/filename="audit-\d{8}T\d{6}Z\.pdf"$/);
    const pdf = await readFile(path);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(1);
    // The Chinese font is embedded (a subset), not referenced.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile[23]?\b/);

    const { path: big } = await download('format=pdf');
    const pages = (await readFile(big)).toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(BULK_EVENTS / 70);
  });

  it('answers 400 for a bad format, a missing one or an unknown parameter', async () => {
    for (const query of ['format=doc', '', 'format=csv&page=2', 'format=csv&from=yesterday']) {
      const result = await api.request<{ errors: { field: string }[] }>('GET', `/api/audit/export?${query}`, {
        token: auditor,
      });
      expect(result.status).toBe(400);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
    }
    const bad = await api.request<{ errors: { field: string }[] }>('GET', '/api/audit/export?format=doc', {
      token: auditor,
    });
    expect(bad.body.errors.map((e) => e.field)).toContain('format');
  });

  it('is for auditors only: neither administrator exports the audit log', async () => {
    expect((await api.request('GET', '/api/audit/export?format=csv')).status).toBe(401);
    for (const username of ['admin', 'secadmin', 'committee', 'head.econ', 'staff.econ']) {
      const token = await signIn(api, username);
      expect((await api.request('GET', '/api/audit/export?format=csv', { token })).status).toBe(403);
    }
    const { response } = await download('format=csv&entityType=department', auditor);
    expect(response.status).toBe(200);
  });

  it('stops reading when the client goes away, and keeps serving', async () => {
    const exports = api.app.get(AuditExportService);
    const started = jest.spyOn(exports, 'export');
    for (const [i, format] of ['csv', 'xlsx', 'pdf'].entries()) {
      const controller = new AbortController();
      const response = await fetch(`${api.baseUrl}/api/audit/export?format=${format}`, {
        headers: { authorization: `Bearer ${auditor}` },
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      await reader?.cancel().catch(() => undefined);
      // The export notices at its next write and ends without reading the rest.
      await expect(started.mock.results[i]?.value).resolves.toBeUndefined();
    }
    started.mockRestore();
    expect((await api.request('GET', '/api/health')).status).toBe(200);
    const { path } = await download('format=csv&entityType=department');
    expect((await verifyAuditExport(path)).ok).toBe(true);
  });
});
