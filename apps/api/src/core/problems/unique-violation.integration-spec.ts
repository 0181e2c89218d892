import { Client } from 'pg';
import { type ApiInstance, TestWorld, departmentIds, signIn, uniqueName } from '../../../test/test-app';
import { AUDIT_CHAIN_LOCK_KEY } from '../../app/audit';
import { UNIQUE_KEY_ERRORS } from './unique-violation';

interface ProblemBody {
  status: number;
  errors?: { field: string; code: string }[];
}

/**
 * Unique keys no client request can collide on, each with the reason. A new unique key must be
 * added either to UNIQUE_KEY_ERRORS (a client can send a duplicate) or here (with its guard).
 */
const GUARDED_BY_THE_SERVER: Record<string, string> = {
  pk_task_co_department: 'the schema refuses a department twice; the set is replaced under the task row lock',
  pk_progress_report_version: 'revisions are numbered under the report row lock',
  uq_notification_dedupe_key: 'inserted with ON CONFLICT DO NOTHING',
  pk_idempotency_record: 'one advisory lock per (user, key) serialises the requests',
  uq_app_user_oidc_subject: 'single sign-on provisions under an advisory lock per (issuer, sub)',
  pk_status_snapshot: 'inserted with ON CONFLICT DO NOTHING under an advisory lock',
  login_throttle_pkey: 'inserted with ON CONFLICT DO NOTHING',
  pk_login_pair_throttle: 'inserted with ON CONFLICT DO NOTHING',
  pk_login_address_rate: 'inserted with ON CONFLICT DO UPDATE (the count)',
  pk_auth_refresh_token: 'the hash of 256 random bits the server draws',
  pk_mfa_recovery_code: 'codes the server draws, replaced under the user row lock',
  audit_event_pkey: 'the audit writer assigns seq under its advisory lock',
  calendar_day_pkey: 'upserted with ON CONFLICT (day) DO UPDATE',
  uq_supervision_notice_number: 'the 文号 is numbered under an advisory lock',
  uq_bulletin_number: 'the bulletin’s 文号 is numbered under an advisory lock',
  uq_bulletin_period: 'inserted with ON CONFLICT (period) DO NOTHING, then 422 period `exists`',
  uq_channel_delivery_dedupe: 'inserted with ON CONFLICT (dedupe_key) DO NOTHING',
  uq_department_webhook_kind: 'upserted with ON CONFLICT (department_id, kind) DO UPDATE',
  uq_close_out_request_open: 'a request is opened under the task row lock (FOR UPDATE), after checking for an open one',
  uq_supervision_notice_urge: 'inserted with ON CONFLICT (urge_id) DO NOTHING, under the reminder lock',
  uq_urge_auto_key: 'inserted with ON CONFLICT (auto_key) DO NOTHING, under the reminder lock',
  uq_audit_event_hash: 'the audit writer chains under its advisory lock',
  uq_audit_event_prev_hash: 'the audit writer chains under its advisory lock',
  audit_checkpoint_pkey: 'inserted with ON CONFLICT (seq) DO NOTHING',
  audit_signing_key_pkey: 'inserted with ON CONFLICT (key_id) DO NOTHING',
  access_denial_window_pkey: 'inserted with ON CONFLICT (user_id) DO NOTHING, then locked FOR UPDATE',
  focus_area_pkey: 'reference data written by migrations only',
  uq_focus_area_position: 'reference data written by migrations only',
  work_item_pkey: 'reference data written by migrations only',
  uq_work_item_position: 'reference data written by migrations only',
};

describe('A unique key violated by a concurrent request', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let admin: string;
  let dept: Record<string, string>;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    admin = await signIn(api, 'admin');
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  /**
   * Sends 20 identical creations so that they truly overlap: the audit chain lock is held while
   * they run, so the first waits with its row inserted and uncommitted and the other 19, having
   * found no duplicate, wait on its unique key. Released once all 20 wait; 19 then violate it.
   */
  async function twentyAtOnce(path: string, body: () => unknown): Promise<{ status: number; body: ProblemBody }[]> {
    const holder = new Client({ connectionString: world.runtimeUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      const requests = Array.from({ length: 20 }, () =>
        api.request<ProblemBody>('POST', path, { token: admin, body: body() }),
      );
      const waiting = async () =>
        Number(
          (
            await holder.query<{ n: string }>(
              `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND a.datname = current_database() AND a.application_name = 'zibo-api'`,
            )
          ).rows[0]?.n ?? 0,
        );
      const deadline = Date.now() + 15_000;
      while ((await waiting()) < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await waiting()).toBe(20);
      await holder.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      return await Promise.all(requests);
    } finally {
      await holder.end();
    }
  }

  function expectOneCreatedRestTaken(results: { status: number; body: ProblemBody }[], field: string): void {
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(19).fill(422)]);
    for (const refused of results.filter((r) => r.status === 422)) {
      expect(refused.body.errors).toEqual([expect.objectContaining({ field, code: 'taken' })]);
    }
  }

  it('20 creations of one department code: one 201, nineteen 422 `taken` like a sequential duplicate', async () => {
    const code = uniqueName('race');
    const results = await twentyAtOnce('/api/departments', () => ({ code, name: '并发测试局' }));
    expectOneCreatedRestTaken(results, 'code');
    const sequential = await api.request<ProblemBody>('POST', '/api/departments', {
      token: admin,
      body: { code, name: '并发测试局' },
    });
    const concurrent = results.find((r) => r.status === 422);
    expect(sequential.status).toBe(422);
    expect(concurrent?.body).toEqual(sequential.body);
    expect(await world.sql('SELECT id FROM department WHERE code = $1', [code])).toHaveLength(1);
    expect(await world.sql(`SELECT seq FROM audit_event WHERE after->>'code' = $1`, [code])).toHaveLength(1);
  });

  it('20 creations of one username: one 201, nineteen 422 `taken`', async () => {
    const username = uniqueName('race.');
    const results = await twentyAtOnce('/api/users', () => ({
      username,
      displayName: '并发用户',
      role: 'dept_staff',
      departmentId: dept['econ'],
      password: 'Secret#2021-lamp',
    }));
    expectOneCreatedRestTaken(results, 'username');
    expect(await world.sql('SELECT id FROM app_user WHERE username = $1', [username])).toHaveLength(1);
  });

  it('every unique key of the schema is either mapped to a field error or guarded by the server', async () => {
    // Every unique index, whether it backs a constraint (then named like it) or stands alone.
    const keys = await world.sql<{ name: string; table: string; columns: string; generated: boolean }>(
      `SELECT i.relname AS name, t.relname AS table,
              string_agg(a.attname, ',' ORDER BY a.attnum) AS columns,
              bool_and(a.atthasdef) AS generated
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey)
        WHERE x.indisunique AND t.relname <> 'migrations'
        GROUP BY i.relname, t.relname`,
    );
    // Keys the server generates itself (uuid ids with a default) cannot be sent twice by a client.
    const unaccounted = keys
      .filter((k) => !(k.columns === 'id' && k.generated))
      .filter((k) => !(k.name in UNIQUE_KEY_ERRORS) && !(k.name in GUARDED_BY_THE_SERVER))
      .map((k) => `${k.name} on ${k.table} (${k.columns})`);
    expect(unaccounted).toEqual([]);
    const names = new Set(keys.map((k) => k.name));
    expect(Object.keys(UNIQUE_KEY_ERRORS).filter((name) => !names.has(name))).toEqual([]);
  });
});
