import { createPublicKey } from 'node:crypto';
import { type ApiInstance, TEST_SIGNING_KEY, TestWorld, signIn, uniqueName } from '../../../test/test-app';
import { AuditService, type VerifyResult } from './audit.service';
import { verifyCheckpointSignature } from './checkpoint-signer';

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
    expect(result.brokenAt).toEqual({ seq: (await headSeq()) - 2, reason: expect.stringContaining('hash') });
  });

  it('detects a changed column even when the hashed text is left alone', async () => {
    await tamper(`UPDATE audit_event SET action = 'department.delete' WHERE seq = 3`);
    expect((await verify()).brokenAt).toEqual({ seq: 3, reason: expect.stringContaining('action') });
  });

  it('detects a deleted row in the middle', async () => {
    await tamper('DELETE FROM audit_event WHERE seq = 10');
    expect((await verify()).brokenAt).toEqual({ seq: 11, reason: expect.stringContaining('missing') });
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

  it('is for auditors and administrators only', async () => {
    for (const username of ['committee', 'head.econ', 'staff.econ']) {
      expect((await api.request('GET', '/api/audit/verify', { token: await signIn(api, username) })).status).toBe(403);
    }
    expect((await api.request('GET', '/api/audit/verify', { token: await signIn(api, 'admin') })).status).toBe(200);
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
