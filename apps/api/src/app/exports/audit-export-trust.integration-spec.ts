import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import ExcelJS from 'exceljs';
import type { CheckpointView, SigningKeyView, VerifyResult } from '@zibo/domain';
import { rewriteAuditHistory } from '../../../test/audit-fixtures';
import { type ApiInstance, TEST_SIGNING_KEY, TestWorld, signIn, uniqueName } from '../../../test/test-app';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { AuditService, AuditWriter, CheckpointSigner } from '../audit';
import { readAuditExport } from './audit-export-reader';
import { verifyAuditExport } from './audit-export-verifier';
import { runVerifyCommand } from './verify-command';

// Text stored before the input rule (a sign-in name with DEL, U+FFFF …): every later export must
// still verify. PostgreSQL holds any of it but NUL and lone surrogates.
const STORED_HOSTILE = [
  'name\u007F',
  '\uFFFF\uFFFE\uFDD0',
  '\u0085\u009F\u0001\u001F\r',
  '\uD83F\uDFFE 𠀀',
  '_x0041_ _x005F_ _x',
  '&lt;&amp;&#13;]]>',
  '\uFEFF=cmd',
];

/**
 * What an auditor can rely on without trusting the server: exports of anything ever stored verify
 * offline, and a checkpoint saved earlier (`--since`) exposes a history rewritten by someone who
 * holds the database superuser and the signing key — which the server's own verification cannot.
 */
describe('Audit exports an auditor can trust', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let auditor: string;
  let dir: string;

  async function download(query: string): Promise<string> {
    const response = await fetch(`${api.baseUrl}/api/audit/export?${query}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(response.status).toBe(200);
    const path = join(dir, `${uniqueName('export-')}.${/format=(\w+)/.exec(query)?.[1] ?? 'bin'}`);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
    return path;
  }

  async function verifyCommand(...args: string[]): Promise<{ code: number; line: string }> {
    const lines: string[] = [];
    const code = await runVerifyCommand(args, { out: (line) => lines.push(line), err: () => undefined });
    return { code, line: lines.join('\n') };
  }

  const createDepartments = async (count: number) => {
    const admin = await signIn(api, 'admin');
    for (let i = 0; i < count; i++) {
      const created = await api.request('POST', '/api/departments', {
        token: admin,
        body: { code: uniqueName('t'), name: `可信${i}` },
      });
      expect(created.status).toBe(201);
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-audit-trust-'));
    world = await TestWorld.create();
    api = await world.api();
    auditor = await signIn(api, 'auditor');
    // Written as the api writes any change (a failed sign-in with such a name, say).
    await api.app.get(UnitOfWork).run(async (tx) => {
      for (const text of STORED_HOSTILE) {
        await api.app.get(AuditWriter).append(tx, {
          actor: null,
          action: 'auth.login-failed',
          entityType: 'user',
          entityId: text,
          after: { username: text, [text]: [text] },
        });
      }
    });
    await createDepartments(3);
    await api.app.get(AuditService).checkpointNow();
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies every later export of text stored before the input rule, CSV and XLSX', async () => {
    const stored = await world.sql<{ seq: number; canonical: string }>(
      `SELECT seq::int AS seq, canonical FROM audit_event WHERE action = 'auth.login-failed' ORDER BY seq`,
    );
    expect(stored.map((r) => (JSON.parse(r.canonical) as { entityId: string }).entityId)).toEqual(STORED_HOSTILE);
    const publicKeyPem = (await api.request<string>('GET', '/api/audit/public-key', { token: auditor })).body;
    for (const query of ['format=csv', 'format=xlsx', 'format=csv&entityType=user', 'format=xlsx&entityType=user']) {
      const path = await download(query);
      expect({ query, result: await verifyAuditExport(path, { publicKeyPem }) }).toMatchObject({
        result: { ok: true },
      });
    }
    // The canonical cells hold _xHHHH_ escapes; read back, the hashed text exactly.
    const xlsx = await download('format=xlsx');
    const canonicals = new Map<number, string>();
    for await (const item of readAuditExport(xlsx, 'xlsx', { keepCanonical: true })) {
      if (item.kind === 'event') canonicals.set(item.event.seq, item.event.canonical);
    }
    expect(stored.map((r) => canonicals.get(r.seq))).toEqual(stored.map((r) => r.canonical));
    const sheet = (await new ExcelJS.Workbook().xlsx.readFile(xlsx)).getWorksheet('audit-1');
    expect(String(sheet?.getRow((stored[0]?.seq ?? 0) + 1).getCell(4).value)).toContain('name_x007F_');
    expect((await api.request<VerifyResult>('GET', '/api/audit/verify', { token: auditor })).body.ok).toBe(true);
  });

  describe('a checkpoint pinned by the auditor (--since)', () => {
    let pinnedFile: string;
    let pinned: CheckpointView;
    let keyFile: string;

    beforeAll(async () => {
      // The auditor saves the latest checkpoint and its key (fetched by the key id it names).
      const checkpoints = await api.request<CheckpointView[]>('GET', '/api/audit/checkpoints', { token: auditor });
      pinned = checkpoints.body[checkpoints.body.length - 1];
      pinnedFile = join(dir, 'pinned-checkpoint.json');
      await writeFile(pinnedFile, JSON.stringify(pinned, null, 2));
      const keys = await api.request<SigningKeyView[]>('GET', '/api/audit/public-keys', { token: auditor });
      expect(keys.body.map((k) => k.keyId)).toContain(pinned.keyId);
      keyFile = join(dir, 'pinned-key.pem');
      const pem = await api.request<string>('GET', `/api/audit/public-keys/${pinned.keyId}`, { token: auditor });
      await writeFile(keyFile, pem.body);
      // Work goes on.
      await createDepartments(3);
      await api.app.get(AuditService).checkpointNow();
    });

    it('proves that a later export extends the pinned history', async () => {
      for (const format of ['csv', 'xlsx']) {
        const path = await download(`format=${format}`);
        const result = await verifyCommand(path, '--public-key', keyFile, '--since', pinnedFile);
        expect(result).toEqual({
          code: 0,
          line: expect.stringContaining(`extends the pinned checkpoint ${pinned.seq}`),
        });
      }
    });

    it('exposes a history rewritten before it, with every later checkpoint re-signed by the stolen key', async () => {
      const [target] = await world.sql<{ seq: number }>(
        `SELECT seq::int AS seq FROM audit_event WHERE action = 'department.create' AND seq < $1 ORDER BY seq DESC LIMIT 1`,
        [pinned.seq],
      );
      const seq = target?.seq ?? 0;
      await rewriteAuditHistory(
        world,
        seq,
        (record) => (record.after = { ...record.after, name: '改写' }),
        new CheckpointSigner(TEST_SIGNING_KEY),
      );
      // Nothing in the database betrays it: rows, links, columns and signatures all agree.
      expect((await api.request<VerifyResult>('GET', '/api/audit/verify', { token: auditor })).body).toMatchObject({
        ok: true,
        checkpoint: { signatureValid: true },
      });
      for (const format of ['csv', 'xlsx']) {
        const path = await download(`format=${format}`);
        expect((await verifyCommand(path, '--public-key', keyFile)).code).toBe(0);
        expect(await verifyCommand(path, '--public-key', keyFile, '--since', pinnedFile)).toEqual({
          code: 1,
          line: `BROKEN at seq ${pinned.seq}, column hash: the export does not extend the pinned checkpoint: its event at that seq has another hash (history rewritten)`,
        });
      }
    });
  });
});
