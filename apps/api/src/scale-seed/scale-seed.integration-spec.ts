import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { verifyCheckpointSignature } from '../app/audit';
import { APP_ROLE, OWNER_ROLE, freePort } from '../core/database/embedded-database';
import {
  type TestDatabaseInfo,
  createDatabaseFromTemplate,
  dropDatabase,
  testDatabaseInfo,
  urlFor,
} from '../../test/test-database';

// The built command (npm run seed:scale) and server, as an operator runs them.
const DIST = resolve(__dirname, '../../../../dist/apps/api');
const SEED = resolve(DIST, 'scale-seed-cli.js');
const MAIN = resolve(DIST, 'main.js');
const FIGURES = { departments: 12, tasks: 150, reports: 3000, events: 20000 };

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = generateKeyPairSync('ed25519').publicKey; // a different key: signatures must not verify with it

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [file, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolveRun({ code, output }));
  });
}

const describeBuilt = existsSync(SEED) && existsSync(MAIN) ? describe : describe.skip;

describeBuilt('npm run seed:scale on an empty database', () => {
  let info: TestDatabaseInfo;
  let database: string;
  let env: Record<string, string>;
  let seeded: { code: number | null; output: string };
  let api: ChildProcess | undefined;
  let apiUrl: string;

  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: env['DATABASE_OWNER_URL'] });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    info = testDatabaseInfo();
    database = await createDatabaseFromTemplate(info);
    env = {
      DATABASE_URL: urlFor(info.superuserUrl, APP_ROLE, info.appPassword, database),
      DATABASE_OWNER_URL: urlFor(info.superuserUrl, OWNER_ROLE, info.ownerPassword, database),
      AUDIT_SIGNING_KEY: signingKey,
      JWT_SECRET: 'scale-seed-test-secret-0123456789abcdef',
    };
    seeded = await run(
      SEED,
      Object.entries(FIGURES).flatMap(([name, value]) => [`--${name}`, String(value)]),
      env,
    );
  }, 180_000);

  afterAll(async () => {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api?.once('exit', r));
    }
    await dropDatabase(info, database);
  }, 60_000);

  it('writes exactly the reports and audit events asked for', async () => {
    expect(seeded.output).toContain('Seeded in');
    expect(seeded.code).toBe(0);
    const [counts] = await sql<{ departments: number; tasks: number; reports: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM department) AS departments, (SELECT count(*)::int FROM task) AS tasks,
              (SELECT count(*)::int FROM progress_report) AS reports, (SELECT count(*)::int FROM audit_event) AS events`,
    );
    expect(counts).toEqual(FIGURES);
  });

  it('has tasks in every state, with co-owners, milestones, indicators, reports and versions in every state', async () => {
    const values = async (query: string) => (await sql<{ v: string | null }>(query)).map((r) => r.v).sort();
    expect(await values('SELECT DISTINCT status AS v FROM task')).toEqual(
      ['assigned', 'cancelled', 'completed', 'draft', 'in_progress'].sort(),
    );
    expect(await values('SELECT DISTINCT status AS v FROM progress_report')).toEqual([
      'approved',
      'draft',
      'returned',
      'submitted',
    ]);
    expect(await values('SELECT DISTINCT decision AS v FROM progress_report_version')).toEqual(
      ['approve', 'return', null].sort(),
    );
    expect(await values('SELECT DISTINCT status AS v FROM contribution')).toEqual(['draft', 'submitted']);
    expect(await values("SELECT DISTINCT rag AS v FROM task WHERE status IN ('assigned', 'in_progress')")).toEqual([
      'amber',
      'green',
      'red',
    ]);
    const [related] = await sql<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM task_co_department) AS co, (SELECT count(*)::int FROM milestone) AS milestones,
              (SELECT count(*)::int FROM indicator) AS indicators, (SELECT count(*)::int FROM status_snapshot) AS snapshots,
              (SELECT count(*)::int FROM work_item w WHERE NOT EXISTS (SELECT 1 FROM task t WHERE t.work_item_code LIKE w.focus_area_code || '.%')) AS idle_areas`,
    );
    expect(related).toMatchObject({ idle_areas: 0 });
    for (const key of ['co', 'milestones', 'indicators', 'snapshots']) expect(related?.[key]).toBeGreaterThan(0);
    // Dated relative to today: nothing in the future, open work up to the current period.
    const [future] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE at > now()`);
    expect(future?.n).toBe(0);
  });

  it('signs a checkpoint at least every 1,000 events, in time order, with the api’s key', async () => {
    const checkpoints = await sql<{ seq: number; payload: string; signature: string; at: Date }>(
      'SELECT seq::int, payload, signature, at FROM audit_checkpoint ORDER BY seq',
    );
    const seqs = checkpoints.map((c) => c.seq);
    for (let n = 1000; n <= FIGURES.events; n += 1000) expect(seqs).toContain(n);
    expect(seqs[seqs.length - 1]).toBe(FIGURES.events);
    const gaps = seqs.slice(1).map((seq, i) => seq - seqs[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1000);
    const pem = (await import('node:crypto'))
      .createPublicKey(signingKey)
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const other = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(checkpoints.every((c) => verifyCheckpointSignature(c.payload, c.signature, pem))).toBe(true);
    expect(checkpoints.slice(0, 20).some((c) => verifyCheckpointSignature(c.payload, c.signature, other))).toBe(false);
    const [disorder] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT at < lag(at) OVER (ORDER BY seq) AS back FROM audit_event) x WHERE back`,
    );
    expect(disorder?.n).toBe(0);
  });

  it('leaves a database the api starts on: the chain verifies, dashboard, lists and histories answer', async () => {
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        REMINDER_INTERVAL_MINUTES: '0',
        // The seeded accounts are demo accounts (the demo password, no second factor).
        DEMO_DATA: 'true',
      },
      stdio: 'ignore',
    });
    for (let i = 0; i < 150; i++) {
      if (
        await fetch(`${apiUrl}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = async (username: string) => {
      const reply = await fetch(`${apiUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'Demo@2021' }),
      });
      const body = (await reply.json()) as { accessToken?: string };
      expect({ status: reply.status, body }).toMatchObject({ status: 200, body: { accessToken: expect.any(String) } });
      return body.accessToken ?? '';
    };
    const get = async <T>(path: string, bearer: string): Promise<T> => {
      const reply = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(`${path} ${reply.status}`).toBe(`${path} 200`);
      return (await reply.json()) as T;
    };
    const auditor = await token('auditor');
    // Every stored event is checked: the seeded ones (counted above), and what the api appended since
    // (its start-up work and the sign-ins).
    const [stored] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_event');
    expect(stored?.n).toBeGreaterThan(FIGURES.events);
    const verify = await get<{ ok: boolean; checked: number }>('/api/audit/verify', auditor);
    expect(verify.ok).toBe(true);
    expect(verify.checked).toBeGreaterThanOrEqual(stored?.n ?? Infinity);

    const committee = await token('committee');
    const dashboard = await get<{ totals: { tasks: number; byRag: Record<string, number> } }>(
      '/api/dashboard',
      committee,
    );
    expect(dashboard.totals.tasks).toBe(FIGURES.tasks);
    const [open] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM task WHERE status IN ('assigned', 'in_progress')`,
    );
    expect(Object.values(dashboard.totals.byRag).reduce((a, b) => a + b, 0)).toBe(open?.n);

    const head = await token('head.econ');
    const list = await get<{ items: { id: string }[] }>('/api/tasks?limit=50', head);
    expect(list.items.length).toBeGreaterThan(0);
    const task = list.items[0]?.id;
    await get(`/api/tasks/${task}`, head);
    const history = await get<{ items: { action: string }[] }>(`/api/tasks/${task}/history?limit=200`, committee);
    expect(history.items.map((e) => e.action)).toContain('task.create');
  }, 60_000);

  it('refuses a database that already holds data', async () => {
    const again = await run(SEED, ['--tasks', '5', '--reports', '10', '--events', '100'], env);
    expect(again.code).toBe(1);
    expect(again.output).toContain('already holds data');
  }, 60_000);
});
