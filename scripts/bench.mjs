#!/usr/bin/env node
// `npm run bench`: performance figures of the built app on this machine (not a test: it asserts
// nothing). Starts the api with a fresh embedded database, loads a realistic volume of tasks and
// reports, then drives the hot endpoints with autocannon and prints throughput, latency and memory.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';

const root = join(import.meta.dirname, '..');
const TASKS = Number(process.env.BENCH_TASKS ?? 5000);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 10); // reports per task
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const port = await freePort();
const dbPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'zibo-bench-'));
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
const api = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: String(dbPort),
    LOG_LEVEL: 'warn',
    REMINDER_INTERVAL_MINUTES: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => {
  api.kill('SIGTERM');
};
process.on('exit', () => {
  api.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitHealthy() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('api did not start');
}
await waitHealthy();
const startMs = Date.now() - started;

async function login(username) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@2021' }),
  });
  return (await r.json()).accessToken;
}

// Bulk data, written as the schema owner straight into the tables (bench data is not audited).
const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
const db = new pg.Client({
  connectionString: `postgres://zibo_owner:${secrets.ownerPassword}@127.0.0.1:${dbPort}/zibo`,
});
await db.connect();
const loadStarted = Date.now();
await db.query(`
  INSERT INTO task (work_item_code, title, lead_department_id, start_date, due_date, baseline_due_date, status, assigned_at, created_by_id)
  SELECT w.code, '基准任务 ' || g, (SELECT id FROM department ORDER BY code OFFSET (g % 8) LIMIT 1),
         date_trunc('month', now() - interval '${MONTHS} months')::date, (now() + interval '4 months')::date,
         (now() + interval '4 months')::date, 'in_progress', now() - interval '${MONTHS} months',
         (SELECT id FROM app_user WHERE username = 'committee')
    FROM generate_series(1, ${TASKS}) g
    JOIN LATERAL (SELECT code FROM work_item ORDER BY code OFFSET (g % 30) LIMIT 1) w ON true`);
await db.query(`
  INSERT INTO progress_report (task_id, period, status, revision, percent_complete, summary, author_id, submitted_by_id,
                               submitted_at, first_submitted_at)
  SELECT t.id, to_char(date_trunc('month', now()) - make_interval(months => m), 'YYYY-MM'), 'approved', 1, 100 - m * 9,
         '基准报告', t.created_by_id, t.created_by_id,
         date_trunc('month', now()) - make_interval(months => m - 1) + interval '2 days',
         date_trunc('month', now()) - make_interval(months => m - 1) + interval '2 days'
    FROM task t CROSS JOIN generate_series(1, ${MONTHS}) m WHERE t.title LIKE '基准任务%'`);
await db.query('ANALYZE');
const loadMs = Date.now() - loadStarted;
const counts = (
  await db.query(`SELECT (SELECT count(*) FROM task) AS tasks, (SELECT count(*) FROM progress_report) AS reports`)
).rows[0];

const committee = await login('committee');
const head = await login('head.econ');
// The first read after the load recomputes every stale status (the daily refresh, measured once).
const refreshStarted = Date.now();
await fetch(`${base}/api/tasks?limit=1`, { headers: { authorization: `Bearer ${committee}` } });
const refreshMs = Date.now() - refreshStarted;
const oneTask = (
  await (await fetch(`${base}/api/tasks?limit=1`, { headers: { authorization: `Bearer ${committee}` } })).json()
).items[0].id;
const econId = (await db.query(`SELECT id FROM department WHERE code = 'econ'`)).rows[0].id;

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) =>
    Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS:'), peak: field('VmHWM:') };
}

const scenarios = [
  { name: 'GET /api/tasks (department head, 50/page)', path: '/api/tasks?limit=50', token: head },
  { name: 'GET /api/tasks (committee, 50/page)', path: '/api/tasks?limit=50', token: committee },
  {
    name: 'GET /api/tasks?rag=red&department=…',
    path: `/api/tasks?rag=red&department=${econId}&limit=50`,
    token: committee,
  },
  { name: 'GET /api/tasks/:id (detail)', path: `/api/tasks/${oneTask}`, token: committee },
  { name: 'GET /api/dashboard (committee, all tasks)', path: '/api/dashboard', token: committee },
  { name: 'GET /api/dashboard (department head)', path: '/api/dashboard', token: head },
  {
    name: 'POST /api/tasks (create, audited)',
    method: 'POST',
    path: '/api/tasks',
    token: committee,
    body: () =>
      JSON.stringify({
        workItemCode: 'FA2.2',
        title: `压测任务 ${Math.random()}`,
        leadDepartmentId: econId,
        dueDate: '2030-12-31',
      }),
  },
  {
    name: 'POST /api/auth/login (argon2id)',
    method: 'POST',
    path: '/api/auth/login',
    connections: 4,
    body: () => JSON.stringify({ username: 'head.sci', password: 'Demo@2021' }),
  },
];

const rows = [];
for (const s of scenarios) {
  const result = await autocannon({
    url: `${base}${s.path}`,
    method: s.method ?? 'GET',
    connections: s.connections ?? CONNECTIONS,
    duration: DURATION,
    headers: { 'content-type': 'application/json', ...(s.token ? { authorization: `Bearer ${s.token}` } : {}) },
    ...(s.body ? { requests: [{ setupRequest: (req) => ({ ...req, body: s.body() }) }] } : {}),
  });
  rows.push({
    scenario: s.name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p97.5 ms': result.latency.p97_5,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
  });
  process.stdout.write(`  done: ${s.name}\n`);
}
const memory = rssOf(api.pid);
await db.end();
stop();

process.stdout.write(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
);
process.stdout.write(`Start-up (embedded PostgreSQL init + migrations + demo data): ${startMs} ms\n`);
process.stdout.write(
  `Data: ${counts.tasks} tasks, ${counts.reports} reports (bulk load ${loadMs} ms); first status refresh of all tasks ${refreshMs} ms\n`,
);
process.stdout.write(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per scenario\n`);
console.table(rows);
process.stdout.write(
  `api process memory: ${memory.rss.toFixed(0)} MB resident now, ${memory.peak.toFixed(0)} MB peak\n`,
);
