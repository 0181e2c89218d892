import { DataSource } from 'typeorm';
import { type ApiInstance, TestWorld, signIn, uniqueName } from '../../../test/test-app';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { checkAppendOnly } from '../../core/database/prepare-database';
import { type AuditRecord, GENESIS_HASH, canonicalText, chainHash } from './audit-chain';
import { AuditWriter } from './audit-writer.service';

interface Row {
  seq: number;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_id: string | null;
  canonical: string;
  prev_hash: string;
  hash: string;
}

describe('Audit writer', () => {
  let world: TestWorld;
  let first: ApiInstance;
  let second: ApiInstance;

  beforeAll(async () => {
    world = await TestWorld.create();
    first = await world.api();
    second = await world.api();
  });
  afterAll(() => world.close());

  const chain = () => world.sql<Row>('SELECT * FROM audit_event ORDER BY seq');

  /** Every link of the chain as docs/rules.md defines it; returns the problems found. */
  function brokenLinks(rows: Row[]): string[] {
    const problems: string[] = [];
    let previous = GENESIS_HASH;
    rows.forEach((row, index) => {
      if (row.seq !== index + 1) problems.push(`seq ${row.seq} at position ${index + 1}`);
      if (row.prev_hash !== previous) problems.push(`seq ${row.seq}: prevHash does not link`);
      if (chainHash(row.prev_hash, row.canonical) !== row.hash) problems.push(`seq ${row.seq}: hash mismatch`);
      const record = JSON.parse(row.canonical) as AuditRecord;
      if (canonicalText(record) !== row.canonical) problems.push(`seq ${row.seq}: not canonical`);
      if (record.seq !== row.seq || record.action !== row.action || record.entityId !== row.entity_id) {
        problems.push(`seq ${row.seq}: columns differ from the hashed record`);
      }
      previous = row.hash;
    });
    return problems;
  }

  it('seeds demo data as a valid chain starting from 64 zeros', async () => {
    const rows = await chain();
    expect(rows.length).toBeGreaterThan(20);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(brokenLinks(rows)).toEqual([]);
  });

  it('keeps one gapless, unforked chain under concurrent writes from two api processes', async () => {
    const tokens = await Promise.all([signIn(first, 'admin'), signIn(second, 'admin')]);
    const before = (await chain()).length;
    const writes = Array.from({ length: 40 }, (_, i) => {
      const api = i % 2 ? first : second;
      return i % 4 === 3
        ? api.request('POST', '/api/auth/login', { body: { username: 'nobody', password: `x${i}` } })
        : api.request('POST', '/api/departments', {
            token: tokens[i % 2],
            body: { code: uniqueName('cc'), name: `并发${i}` },
          });
    });
    const results = await Promise.all(writes);
    expect(results.filter((r) => r.status === 201)).toHaveLength(30);
    const rows = await chain();
    // One event per request, and one more when the 6th failure of `nobody` locks it (auth.login_locked).
    expect(rows.length).toBe(before + 41);
    expect(brokenLinks(rows)).toEqual([]);
  });

  it('writes nothing, and leaves no gap, when the use case fails after appending its event', async () => {
    const unitOfWork = first.app.get(UnitOfWork);
    const writer = first.app.get(AuditWriter);
    const before = await chain();
    await expect(
      unitOfWork.run(async (tx) => {
        await writer.append(tx, { actor: null, action: 'test.crash', entityType: 'test', entityId: null });
        throw new Error('crash in the middle of the use case');
      }),
    ).rejects.toThrow('crash');
    const token = await signIn(first, 'admin');
    await first.request('POST', '/api/departments', { token, body: { code: uniqueName('after'), name: '之后' } });
    const after = await chain();
    expect(after.some((row) => row.action === 'test.crash')).toBe(false);
    expect(after.length).toBe(before.length + 2);
    expect(brokenLinks(after)).toEqual([]);
  });

  it('stores the record it hashed, also when the changed fields nest keys named seq and sha256', async () => {
    const unitOfWork = first.app.get(UnitOfWork);
    const writer = first.app.get(AuditWriter);
    const nested = { seq: 0, sha256: 'x', text: '"seq":0,"sha256":', list: [{ seq: 0, sha256: null }] };
    const event = await unitOfWork.run((tx) =>
      writer.append(tx, { actor: null, action: 'test.nested', entityType: 'test', entityId: null, after: nested }),
    );
    const rows = await chain();
    const row = rows.find((r) => r.seq === event.seq);
    expect(row?.canonical).toBe(canonicalText({ ...(JSON.parse(row?.canonical ?? '{}') as AuditRecord) }));
    expect((JSON.parse(row?.canonical ?? '{}') as AuditRecord).seq).toBe(event.seq);
    expect((JSON.parse(row?.canonical ?? '{}') as AuditRecord).after).toEqual(nested);
    expect(row?.hash).toBe(event.hash);
    expect(brokenLinks(rows)).toEqual([]);
  });

  it('runs a use case under READ COMMITTED, which the head read after the chain lock relies on', async () => {
    const unitOfWork = first.app.get(UnitOfWork);
    const rows = await unitOfWork.run((tx) =>
      tx.query<{ transaction_isolation: string }[]>('SHOW transaction_isolation'),
    );
    expect(rows[0]?.transaction_isolation).toBe('read committed');
  });

  it('is append-only: the api role may not update, delete or truncate; the trigger stops even the owner', async () => {
    await expect(world.sql(`UPDATE audit_event SET action = 'forged' WHERE seq = 1`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(world.sql(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/permission denied/);
    await expect(world.sql(`TRUNCATE audit_event`)).rejects.toThrow(/permission denied/);
    await expect(world.sql(`UPDATE audit_event SET action = 'forged' WHERE seq = 1`, [], 'owner')).rejects.toThrow(
      /append-only/,
    );
    await expect(world.sql(`DELETE FROM audit_event WHERE seq = 1`, [], 'owner')).rejects.toThrow(/append-only/);
    await expect(world.sql(`TRUNCATE audit_event`, [], 'owner')).rejects.toThrow(/append-only/);
    expect((await chain())[0]?.action).not.toBe('forged');
  });

  it('tells whether the connected role could rewrite the log (what /api/health reports)', async () => {
    expect(await checkAppendOnly(first.app.get(DataSource))).toBe(true);
    const owner = new DataSource({ type: 'postgres', url: world.ownerUrl });
    await owner.initialize();
    try {
      expect(await checkAppendOnly(owner)).toBe(false);
    } finally {
      await owner.destroy();
    }
  });

  it('records the request id and client address of the request that made the change', async () => {
    const token = await signIn(first, 'admin');
    const code = uniqueName('rid');
    await first.request('POST', '/api/departments', {
      token,
      body: { code, name: '追踪' },
      headers: { 'x-request-id': 'trace-123' },
    });
    const rows = await world.sql<{ request_id: string; ip: string; actor_role: string }>(
      `SELECT request_id, ip, actor_role FROM audit_event WHERE action = 'department.create' AND after->>'code' = $1`,
      [code],
    );
    expect(rows[0]).toEqual({
      request_id: 'trace-123',
      ip: expect.stringMatching(/127\.0\.0\.1/),
      actor_role: 'admin',
    });
  });
});
