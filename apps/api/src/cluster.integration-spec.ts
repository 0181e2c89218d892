import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { businessDateOf, currentReportingPeriod, deadlineOf } from '@zibo/domain';
import { freePort } from './core/database/embedded-database';

// The built cluster runner (npm run cluster), with nginx from Debian's packages (.ci/run installs it).
const CLUSTER = resolve(__dirname, '../../../dist/apps/api/cluster.js');
const NGINX = '/usr/sbin/nginx';
const TIME_ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

interface ApiProcess {
  index: number;
  pid: number;
  port: number;
}

interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A due day (REPORT_DUE_DAY) that puts the current monthly report's deadline within the 3-day reminder window. */
function dueDayWithDeadlineSoon(now: Date): number | null {
  for (let day = 1; day <= 28; day++) {
    const period = currentReportingPeriod(now, 'monthly', day, TIME_ZONE);
    const left = deadlineOf(period, day, TIME_ZONE).getTime() - now.getTime();
    if (left > 60 * 60_000 && left <= 3 * DAY) return day;
  }
  return null;
}

const canRun = existsSync(CLUSTER) && existsSync(NGINX);
if (!canRun && process.env['CI'] === 'true') {
  test('needs the built api and nginx (CI=true: a missing one is a failure)', () => {
    throw new Error(`missing ${existsSync(CLUSTER) ? NGINX : CLUSTER}: run the build, apt-get install nginx-light`);
  });
}
const describeCluster = canRun ? describe : describe.skip;

describeCluster('A cluster: three api processes behind nginx on one PostgreSQL (npm run cluster)', () => {
  let dataDir: string;
  let cluster: ChildProcess;
  let output = '';
  let url: string;
  let runDir: string;
  let apis: ApiProcess[] = [];
  let ownerUrl: string;
  let upSince: number;
  const reportDueDay = dueDayWithDeadlineSoon(new Date());

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zibo-cluster-test-'));
    const [port, dbPort] = [await freePort(), await freePort()];
    cluster = spawn(process.execPath, [CLUSTER, '--api', '3', '--port', String(port)], {
      env: {
        PATH: process.env['PATH'] ?? '',
        DATA_DIR: dataDir,
        EMBEDDED_DB_PORT: String(dbPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        REMINDER_INTERVAL_MINUTES: '1',
        ...(reportDueDay ? { REPORT_DUE_DAY: String(reportDueDay) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cluster.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cluster.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 150_000;
    while (!/^cluster up: /m.test(output) || (output.match(/^api\d+: pid/gm) ?? []).length < 3) {
      if (cluster.exitCode !== null) throw new Error(`cluster exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`cluster did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    upSince = Date.now();
    const up = /^cluster up: (\S+) \(nginx pid \d+, config (\S+)\/nginx\.conf\)/m.exec(output);
    url = up?.[1] ?? '';
    runDir = up?.[2] ?? '';
    apis = [...output.matchAll(/^api(\d+): pid (\d+), http:\/\/127\.0\.0\.1:(\d+)/gm)].map((m) => ({
      index: Number(m[1]),
      pid: Number(m[2]),
      port: Number(m[3]),
    }));
    const secrets = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as { ownerPassword: string };
    ownerUrl = `postgres://zibo_owner:${secrets.ownerPassword}@127.0.0.1:${dbPort}/zibo`;
  }, 160_000);

  afterAll(async () => {
    if (cluster && cluster.exitCode === null && cluster.signalCode === null) {
      cluster.kill('SIGTERM');
      await new Promise((r) => cluster.once('exit', r));
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function call<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function signIn(username: string): Promise<string> {
    const reply = await call<{ accessToken: string }>('POST', '/api/auth/login', {
      body: { username, password: 'Demo@2021' },
    });
    expect(reply.status).toBe(200);
    return reply.body.accessToken;
  }

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Which api processes (upstream ports) served the requests matching `pattern`, from nginx's access log. */
  async function servedBy(pattern: RegExp): Promise<Set<string>> {
    const log = await readFile(join(runDir, 'access.log'), 'utf8');
    return new Set(
      log
        .split('\n')
        .filter((line) => pattern.test(line))
        .flatMap((line) => /upstream=(\S+)/.exec(line)?.[1]?.split(', ') ?? []),
    );
  }

  const verify = async (token: string) =>
    (await call<{ ok: boolean; checked: number; head: { seq: number } }>('GET', '/api/audit/verify', { token })).body;

  it('keeps one unbroken audit chain while writers on every process append to it at once', async () => {
    const [admin, committee, auditor] = [await signIn('admin'), await signIn('committee'), await signIn('auditor')];
    const econ = (await sql<{ id: string }>(`SELECT id FROM department WHERE code = 'econ'`))[0]?.id;
    const before = await verify(auditor);
    expect(before.ok).toBe(true);
    const writes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? call('POST', '/api/departments', {
              token: admin,
              body: { code: `c${i}${Date.now() % 1e6}`, name: `并发${i}` },
            })
          : call('POST', '/api/tasks', {
              token: committee,
              body: { workItemCode: 'FA2.2', title: `并发任务 ${i}`, leadDepartmentId: econ, dueDate: '2030-12-31' },
            }),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual(writes.map(() => 201));
    const after = await verify(auditor);
    expect(after).toMatchObject({ ok: true, checked: before.checked + 60, head: { seq: before.checked + 60 } });
    // Round robin spread them over all three processes.
    expect((await servedBy(/"POST \/api\/(departments|tasks) /)).size).toBe(3);
  });

  it('records the address the client connected from, not one it claims in X-Forwarded-For', async () => {
    // From another loopback address than nginx's own, so the client and the proxy can be told apart.
    const status = await new Promise<number>((resolveStatus, reject) => {
      const body = JSON.stringify({ username: 'auditor', password: 'Demo@2021' });
      const req = httpRequest(
        `${url}/api/auth/login`,
        {
          method: 'POST',
          localAddress: '127.0.0.2',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', 'x-request-id': 'xff-test' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolveStatus(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
    const [event] = await sql<{ ip: string }>(`SELECT ip FROM audit_event WHERE request_id = 'xff-test'`);
    expect(event?.ip).toMatch(/^(::ffff:)?127\.0\.0\.2$/);
  });

  it('lets exactly one of concurrent conditional updates through different processes win', async () => {
    const admin = await signIn('admin');
    const created = await call<{ id: string; version: number }>('POST', '/api/departments', {
      token: admin,
      body: { code: `lost${Date.now() % 1e6}`, name: '并发修改' },
    });
    expect(created.status).toBe(201);
    const etag = created.headers.get('etag') ?? '';
    const attempts = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        call<{ name: string }>('PATCH', `/api/departments/${created.body.id}`, {
          token: admin,
          body: { name: `修改${i}` },
          headers: { 'if-match': etag },
        }),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(8).fill(412)]);
    const winner = attempts.find((a) => a.status === 200)?.body.name;
    const now = await call<{ name: string; version: number }>('GET', `/api/departments/${created.body.id}`, {
      token: admin,
    });
    expect(now.body).toMatchObject({ name: winner, version: created.body.version + 1 });
    expect((await servedBy(new RegExp(`"PATCH /api/departments/${created.body.id} `))).size).toBeGreaterThan(1);
  });

  it('creates each reminder once although every process runs the reminder job', async () => {
    // Each process runs the job 3 s after it started, then every minute; let them all have run.
    let last = -1;
    for (;;) {
      const [{ n }] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification WHERE kind IN ('report_due', 'overdue')`,
      );
      if (n === last && Date.now() - upSince > 8_000) break;
      last = n;
      await new Promise((r) => setTimeout(r, 1_500));
    }
    const duplicates = await sql(
      `SELECT kind, task_id, user_id, payload ->> 'period' AS period, count(*) FROM notification
        WHERE kind IN ('report_due', 'overdue') GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
    // Overdue: exactly the heads and staff of the lead departments of the open tasks past due.
    const today = businessDateOf(new Date(), TIME_ZONE);
    const expected = await sql<{ task_id: string; user_id: string }>(
      `SELECT t.id AS task_id, u.id AS user_id FROM task t
         JOIN app_user u ON u.department_id = t.lead_department_id AND u.role IN ('dept_head', 'dept_staff') AND NOT u.locked
        WHERE t.status IN ('assigned', 'in_progress') AND t.due_date < $1 ORDER BY 1, 2`,
      [today],
    );
    const overdue = await sql<{ task_id: string; user_id: string }>(
      `SELECT task_id, user_id FROM notification WHERE kind = 'overdue' ORDER BY 1, 2`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(overdue).toEqual(expected);
    if (reportDueDay) {
      const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE kind = 'report_due'`);
      expect(n).toBeGreaterThan(0);
    }
    expect(output).not.toMatch(/reminder run failed|status snapshots failed/);
  });

  it('keeps serving when an api process is killed under load, and loses no acknowledged write', async () => {
    const committee = await signIn('committee');
    const econ = (await sql<{ id: string }>(`SELECT id FROM department WHERE code = 'econ'`))[0]?.id;
    const acknowledged: string[] = [];
    const readFailures: number[] = [];
    let firstTryFailures = 0;
    let stopAt = Date.now() + 9_000;
    const victim = apis.find((a) => a.index === 2) as ApiProcess;
    const killer = new Promise<void>((resolveKill) =>
      setTimeout(() => {
        process.kill(victim.pid, 'SIGKILL');
        stopAt = Math.max(stopAt, Date.now() + 5_000);
        resolveKill();
      }, 2_500),
    );

    // A client that retries a create it got no answer for, with the same Idempotency-Key (docs/rules.md).
    async function create(title: string): Promise<void> {
      const key = randomUUID();
      for (let attempt = 0; attempt < 4; attempt++) {
        const reply = await call<{ id: string }>('POST', '/api/tasks', {
          token: committee,
          body: { workItemCode: 'FA2.2', title, leadDepartmentId: econ, dueDate: '2030-12-31' },
          headers: { 'idempotency-key': key },
        }).catch(() => null);
        if (reply?.status === 201) {
          acknowledged.push(reply.body.id);
          return;
        }
        if (reply && reply.status < 500) throw new Error(`create answered ${reply.status}`);
        if (attempt === 0) firstTryFailures += 1;
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error(`create of ${title} never succeeded`);
    }

    const workers = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        if (i % 2) {
          await create(`负载任务 ${worker}-${i}`);
        } else {
          const read = await call('GET', '/api/tasks?limit=20', { token: committee }).catch(() => null);
          if (read?.status !== 200) readFailures.push(read?.status ?? 0);
        }
      }
    });
    await Promise.all([killer, ...workers]);

    // Reads never failed (nginx retried them on another process); creates at most blipped while in flight.
    expect(readFailures).toEqual([]);
    expect(firstTryFailures).toBeLessThanOrEqual(4);
    expect(acknowledged.length).toBeGreaterThan(10);
    // Every acknowledged create is there exactly once, with exactly one audit event.
    const stored = await sql<{ id: string; events: number }>(
      `SELECT t.id, (SELECT count(*)::int FROM audit_event e WHERE e.entity_id = t.id::text AND e.action = 'task.create') AS events
         FROM task t WHERE t.id = ANY($1)`,
      [acknowledged],
    );
    expect(stored.length).toBe(new Set(acknowledged).size);
    expect(stored.every((row) => row.events === 1)).toBe(true);
    const titles = await sql<{ title: string; n: number }>(
      `SELECT title, count(*)::int AS n FROM task WHERE title LIKE '负载任务 %' GROUP BY 1 HAVING count(*) > 1`,
    );
    expect(titles).toEqual([]);
    expect((await verify(await signIn('auditor'))).ok).toBe(true);
    // The cluster started the killed process again on its port.
    expect(output).toMatch(new RegExp(`api2 \\(pid ${victim.pid}\\) exited \\(SIGKILL\\)`));
    const deadline = Date.now() + 30_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      back = await fetch(`http://127.0.0.1:${victim.port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!back) await new Promise((r) => setTimeout(r, 300));
    }
    expect(back).toBe(true);
  }, 60_000);

  it('stops the load balancer, every api process and the database on SIGTERM', async () => {
    const pids = [...output.matchAll(/^api\d+: pid (\d+)/gm)].map((m) => Number(m[1]));
    const nginxPid = Number(/nginx pid (\d+)/.exec(output)?.[1]);
    cluster.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => cluster.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect([nginxPid, ...pids].filter(alive)).toEqual([]);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    await expect(sql('SELECT 1')).rejects.toThrow();
    expect(existsSync(runDir)).toBe(false);
  }, 60_000);
});
