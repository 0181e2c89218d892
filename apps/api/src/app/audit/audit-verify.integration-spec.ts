import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { SigningKeyView } from '@zibo/domain';
import { appendAuditEvents } from '../../../test/audit-fixtures';
import { type ApiInstance, TEST_SIGNING_KEY, TestWorld, signIn, uniqueName } from '../../../test/test-app';
import { testDatabaseInfo } from '../../../test/test-database';
import { FixedClock } from '../../core/clock';
import { AuditService, type VerifyResult } from './audit.service';
import { CheckpointSigner, verifyCheckpointSignature } from './checkpoint-signer';

const newSigningKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * SQL that changes one column of the event at `seq` to another value of its type (null → a
 * value), as a superuser would. A column type without a case here fails the test: add one.
 */
function changeOneColumn(column: { name: string; dataType: string; maxLength: number | null }, seq: number): string {
  const c = `"${column.name}"`;
  const where = `WHERE seq = ${seq}`;
  // seq is the key: the only other value an event's seq can take is another event's (a swap).
  if (column.name === 'seq') {
    return `UPDATE audit_event SET seq = 1000000 WHERE seq = ${seq};
            UPDATE audit_event SET seq = ${seq} WHERE seq = ${seq + 1};
            UPDATE audit_event SET seq = ${seq + 1} WHERE seq = 1000000`;
  }
  switch (column.dataType) {
    case 'bigint':
    case 'integer':
      return `UPDATE audit_event SET ${c} = coalesce(${c}, 0) + 1 ${where}`;
    case 'timestamp with time zone':
      // A microsecond: below what a JavaScript Date holds.
      return `UPDATE audit_event SET ${c} = coalesce(${c}, now()) + interval '1 microsecond' ${where}`;
    case 'uuid':
      return `UPDATE audit_event SET ${c} = gen_random_uuid() ${where}`;
    case 'jsonb':
      return `UPDATE audit_event SET ${c} = coalesce(${c}, '{}'::jsonb) || '{"tampered": true}'::jsonb ${where}`;
    case 'character':
      // A fresh value of the same length (hashes are unique keys).
      return `UPDATE audit_event SET ${c} = left(encode(sha256(convert_to(coalesce(${c}, '') || 'tampered', 'UTF8')), 'hex'), ${column.maxLength ?? 64}) ${where}`;
    case 'character varying':
    case 'text':
      // One character different, same length.
      return `UPDATE audit_event SET ${c} = CASE WHEN ${c} IS NULL THEN 'x'
                ELSE overlay(${c} placing (CASE WHEN left(${c}, 1) = 'x' THEN 'y' ELSE 'x' END) from 1 for 1) END ${where}`;
    default:
      throw new Error(`no tamper for column ${column.name} of type ${column.dataType}: add one to this test`);
  }
}

/**
 * Tampering with the audit table directly (as the database superuser, triggers disabled — the
 * strongest attacker short of replacing the verifier) is detected by GET /api/audit/verify.
 */
describe('Audit verification', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let auditor: string;

  beforeEach(async () => {
    world = await TestWorld.create();
    api = await world.api();
    auditor = await signIn(api, 'auditor');
    const admin = await signIn(api, 'admin');
    for (let i = 0; i < 5; i++) {
      await api.request('POST', '/api/departments', {
        token: admin,
        body: { code: uniqueName('v'), name: `核验${i}` },
      });
    }
    await api.app.get(AuditService).checkpointNow();
  });
  afterEach(() => world.close());

  const verify = async () => (await api.request<VerifyResult>('GET', '/api/audit/verify', { token: auditor })).body;
  const tamper = (sql: string) =>
    world.sql(
      `BEGIN; ALTER TABLE audit_event DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_event ENABLE TRIGGER USER; COMMIT;`,
      [],
      'superuser',
    );
  const headSeq = async () =>
    (await world.sql<{ seq: number }>('SELECT max(seq)::int AS seq FROM audit_event'))[0]?.seq ?? 0;

  it('reports an intact chain with its head and a valid signed checkpoint', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checkpoint: { signatureValid: true } });
    expect(result.checked).toBe(await headSeq());
    expect(result.head?.seq).toBe(result.checkpoint?.seq);
    const pem = (await api.request<string>('GET', '/api/audit/public-key', { token: auditor })).body;
    expect(pem).toBe(createPublicKey(TEST_SIGNING_KEY).export({ type: 'spki', format: 'pem' }).toString());
    const [checkpoint] = (
      await api.request<{ payload: string; signature: string }[]>('GET', '/api/audit/checkpoints', { token: auditor })
    ).body;
    expect(verifyCheckpointSignature(checkpoint?.payload ?? '', checkpoint?.signature ?? '', pem)).toBe(true);
  });

  it('detects a changed field', async () => {
    await tamper(
      `UPDATE audit_event SET canonical = replace(canonical, '核验2', '核验X') WHERE seq = (SELECT max(seq) - 2 FROM audit_event)`,
    );
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toEqual({
      seq: (await headSeq()) - 2,
      reason: expect.stringContaining('hash'),
      column: 'canonical',
    });
  });

  it('detects a changed column even when the hashed text is left alone', async () => {
    await tamper(`UPDATE audit_event SET action = 'department.delete' WHERE seq = 3`);
    expect((await verify()).brokenAt).toEqual({ seq: 3, reason: expect.stringContaining('action'), column: 'action' });
  });

  it('detects a deleted row in the middle', async () => {
    await tamper('DELETE FROM audit_event WHERE seq = 10');
    expect((await verify()).brokenAt).toEqual({ seq: 11, reason: expect.stringContaining('missing'), column: 'seq' });
  });

  it('detects an inserted row', async () => {
    await tamper(`INSERT INTO audit_event (seq, at, action, entity_type, canonical, prev_hash, hash)
                  SELECT seq + 1000, at, action, entity_type, canonical, repeat('a', 64), repeat('b', 64)
                    FROM audit_event WHERE seq = 4`);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt?.seq).toBe(await headSeq());
  });

  it('detects reordered rows', async () => {
    // Swap two events' positions (through a free number, the keys being unique).
    await tamper(`UPDATE audit_event SET seq = 1000000 WHERE seq = 5;
                  UPDATE audit_event SET seq = 5 WHERE seq = 6;
                  UPDATE audit_event SET seq = 6 WHERE seq = 1000000`);
    expect((await verify()).brokenAt?.seq).toBe(5);
  });

  it('detects the newest rows deleted back to before the checkpoint, which no link can show', async () => {
    await tamper('DELETE FROM audit_event WHERE seq > (SELECT max(seq) - 3 FROM audit_event)');
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt?.reason).toContain('deleted');
  });

  it('detects an evidence file swapped after upload', async () => {
    const [committee, headEcon] = await Promise.all([signIn(api, 'committee'), signIn(api, 'head.econ')]);
    const econ = (await world.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'econ'`))[0]?.id;
    const today = new Date().toISOString().slice(0, 10);
    const task = await api.request<{ id: string }>('POST', '/api/tasks', {
      token: committee,
      body: { workItemCode: 'FA1.1', title: '证据', leadDepartmentId: econ, dueDate: '2030-12-31', startDate: today },
    });
    await api.request('POST', `/api/tasks/${task.body.id}/assign`, { token: committee });
    const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(new Date())
      .slice(0, 7);
    const report = await api.request<{ id: string }>('POST', `/api/tasks/${task.body.id}/progress`, {
      token: headEcon,
      body: { period, percentComplete: 10, summary: '附件' },
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))]), 'evidence.pdf');
    const uploaded = await fetch(`${api.baseUrl}/api/progress/${report.body.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${headEcon}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    expect((await verify()).ok).toBe(true);
    // Swap the bytes (the runtime role may update attachments; the hash in the chain cannot follow).
    await world.sql(`UPDATE attachment SET content = convert_to('%PDF-1.4 forged', 'UTF8')`);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt?.reason).toContain('SHA-256');
  });

  it('detects a forged checkpoint', async () => {
    await world.sql(
      `BEGIN; ALTER TABLE audit_checkpoint DISABLE TRIGGER USER;
       UPDATE audit_checkpoint SET head_hash = repeat('c', 64);
       ALTER TABLE audit_checkpoint ENABLE TRIGGER USER; COMMIT;`,
      [],
      'superuser',
    );
    expect((await verify()).ok).toBe(false);
  });

  describe('a change to any one column of audit_event (generated from the migrated table)', () => {
    for (const column of testDatabaseInfo().auditEventColumns) {
      it(`reports ${column.name} changed on one event, with that event's seq and the column`, async () => {
        // A department created by the administrator over HTTP, with events after it.
        const target = (await headSeq()) - 3;
        await tamper(changeOneColumn(column, target));
        const result = await verify();
        expect(result.ok).toBe(false);
        expect(result.brokenAt).toMatchObject({ seq: target, column: column.name });
      });
    }

    it('reports a column without a verification rule rather than passing over it', async () => {
      await world.sql('ALTER TABLE audit_event ADD COLUMN note text', [], 'owner');
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.brokenAt).toMatchObject({ column: 'note', reason: expect.stringContaining('no rule') });
    });

    it('shows the forged value through the api while verification names it', async () => {
      await tamper(`UPDATE audit_event SET after = '{"name": "伪造"}' WHERE seq = 3`);
      const events = await api.request<{ items: { seq: number; after: unknown }[] }>(
        'GET',
        '/api/audit/events?limit=100',
        { token: auditor },
      );
      expect(events.body.items.find((e) => e.seq === 3)?.after).toEqual({ name: '伪造' });
      expect((await verify()).brokenAt).toEqual({
        seq: 3,
        column: 'after',
        reason: 'column after differs from the hashed event',
      });
    });
  });

  describe('checkpoints', () => {
    const checkpointSql = (sql: string) =>
      world.sql(
        `BEGIN; ALTER TABLE audit_checkpoint DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_checkpoint ENABLE TRIGGER USER; COMMIT;`,
        [],
        'superuser',
      );
    const checkpointNow = async () => (await api.app.get(AuditService).checkpointNow())?.seq ?? 0;

    it('reports more than 1,000 events after a checkpoint without the next as checkpoint-missing, from the first uncovered seq', async () => {
      const covered = await checkpointNow();
      await appendAuditEvents(world, 1_000);
      expect((await verify()).ok).toBe(true);
      await appendAuditEvents(world, 1);
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.brokenAt).toEqual({
        seq: covered + 1,
        reason: 'checkpoint-missing',
        detail: expect.stringContaining('at least every 1,000 events'),
      });
      // A checkpoint signed late does not make up for the one that was due (nor for a deleted one).
      await checkpointNow();
      expect((await verify()).brokenAt).toMatchObject({ seq: covered + 1, reason: 'checkpoint-missing' });
    });

    it('reports a chain of thousands of events with no checkpoint at all', async () => {
      await checkpointSql('DELETE FROM audit_checkpoint');
      await appendAuditEvents(world, 2_500);
      expect((await verify()).brokenAt).toMatchObject({ seq: 1, reason: 'checkpoint-missing' });
    });

    it('reports deleted checkpoints that leave more than 1,000 events between two others', async () => {
      const first = await checkpointNow();
      await appendAuditEvents(world, 700);
      const middle = await checkpointNow();
      await appendAuditEvents(world, 700);
      await checkpointNow();
      expect((await verify()).ok).toBe(true);
      await checkpointSql(`DELETE FROM audit_checkpoint WHERE seq = ${middle}`);
      expect((await verify()).brokenAt).toMatchObject({ seq: first + 1, reason: 'checkpoint-missing' });
    });

    it('reports a checkpoint re-signed with a key it does not name, or with an unknown key', async () => {
      const seq = await checkpointNow();
      const [row] = await world.sql<{ payload: string }>('SELECT payload FROM audit_checkpoint WHERE seq = $1', [seq]);
      const other = new CheckpointSigner(newSigningKey());
      const claim = JSON.parse(row?.payload ?? '{}') as Parameters<CheckpointSigner['sign']>[0];
      const resigned = other.sign(claim);
      await checkpointSql(`UPDATE audit_checkpoint SET signature = '${resigned.signature}' WHERE seq = ${seq}`);
      let result = await verify();
      expect(result).toMatchObject({ ok: false, checkpoint: { seq, signatureValid: false } });
      expect(result.brokenAt).toEqual({ seq, reason: expect.stringContaining('signature does not verify') });

      const foreign = other.sign({ ...claim, keyId: other.keyId });
      await checkpointSql(
        `UPDATE audit_checkpoint SET key_id = '${other.keyId}', payload = '${foreign.payload}',
                signature = '${foreign.signature}' WHERE seq = ${seq}`,
      );
      result = await verify();
      expect(result.brokenAt).toEqual({ seq, reason: expect.stringContaining('not a known signing key') });
    });

    it('reports an old checkpoint whose event was rewritten, not only the latest', async () => {
      const old = await checkpointNow();
      await appendAuditEvents(world, 5);
      await checkpointNow();
      await checkpointSql(`UPDATE audit_checkpoint SET head_hash = repeat('d', 64) WHERE seq = ${old}`);
      expect((await verify()).brokenAt).toEqual({ seq: old, reason: expect.stringContaining('signed payload') });
    });

    it('keeps checkpoints of a rotated key verifiable, and serves every public key by its key id', async () => {
      const before = await checkpointNow();
      const oldKeyId = new CheckpointSigner(TEST_SIGNING_KEY).keyId;
      const rotatedKey = newSigningKey();
      const rotated = await world.api({ AUDIT_SIGNING_KEY: rotatedKey });
      const newKeyId = new CheckpointSigner(rotatedKey).keyId;
      await appendAuditEvents(world, 3);
      const after = (await rotated.app.get(AuditService).checkpointNow())?.seq ?? 0;
      const token = await signIn(rotated, 'auditor');
      const checkpoints = (
        await rotated.request<{ seq: number; keyId: string }[]>('GET', '/api/audit/checkpoints', { token })
      ).body;
      expect(checkpoints.find((c) => c.seq === before)?.keyId).toBe(oldKeyId);
      expect(checkpoints.find((c) => c.seq === after)?.keyId).toBe(newKeyId);
      expect((await rotated.request<VerifyResult>('GET', '/api/audit/verify', { token })).body).toMatchObject({
        ok: true,
        checkpoint: { seq: after, keyId: newKeyId, signatureValid: true },
      });
      // The api still on the old key verifies the new key's checkpoints too.
      expect((await verify()).ok).toBe(true);

      const keys = (await rotated.request<SigningKeyView[]>('GET', '/api/audit/public-keys', { token })).body;
      expect(keys.map((k) => [k.keyId, k.current])).toEqual([
        [oldKeyId, false],
        [newKeyId, true],
      ]);
      const oldPem = await rotated.request<string>('GET', `/api/audit/public-keys/${oldKeyId}`, { token });
      expect(oldPem.status).toBe(200);
      expect(oldPem.headers.get('content-type')).toContain('application/x-pem-file');
      expect(oldPem.body).toBe(createPublicKey(TEST_SIGNING_KEY).export({ type: 'spki', format: 'pem' }).toString());
      expect((await rotated.request<string>('GET', '/api/audit/public-key', { token })).body).toBe(
        keys.find((k) => k.current)?.publicKeyPem,
      );
      const unknown = await rotated.request('GET', `/api/audit/public-keys/${'0'.repeat(16)}`, { token });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      expect((await rotated.request('GET', '/api/audit/public-keys/not-a-key', { token })).status).toBe(400);
      expect((await rotated.request('GET', `/api/audit/public-keys/${oldKeyId}`)).status).toBe(401);
    });

    it('only warns when the newest events are older than the checkpoint interval with none after them', async () => {
      await appendAuditEvents(world, 2);
      expect((await verify()).warnings).toEqual([]);
      const later = await world.api({}, new FixedClock(new Date(Date.now() + 60 * 60_000)));
      const result = (
        await later.request<VerifyResult>('GET', '/api/audit/verify', { token: await signIn(later, 'auditor') })
      ).body;
      expect(result.ok).toBe(true);
      expect(result.warnings).toEqual([
        {
          seq: expect.any(Number),
          reason: 'checkpoint-overdue',
          detail: expect.stringContaining('older than 5 minutes'),
        },
      ]);
      expect(result.warnings[0]?.seq).toBe((result.checkpoint?.seq ?? 0) + 1);
    });
  });

  it('is for auditors only: neither administrator verifies the audit log', async () => {
    for (const username of ['admin', 'secadmin', 'committee', 'head.econ', 'staff.econ']) {
      expect((await api.request('GET', '/api/audit/verify', { token: await signIn(api, username) })).status).toBe(403);
    }
    expect((await api.request('GET', '/api/audit/verify', { token: await signIn(api, 'auditor') })).status).toBe(200);
  });

  it('lists events newest first with filters', async () => {
    const page = await api.request<{ items: { seq: number; action: string; entityType: string }[] }>(
      'GET',
      '/api/audit/events?entityType=department&limit=3',
      { token: auditor },
    );
    expect(page.body.items).toHaveLength(3);
    expect(page.body.items.every((e) => e.entityType === 'department')).toBe(true);
    const [first, second] = page.body.items;
    expect(first?.seq ?? 0).toBeGreaterThan(second?.seq ?? 0);
    expect((await api.request('GET', '/api/audit/events?from=yesterday', { token: auditor })).status).toBe(400);
  });
});
