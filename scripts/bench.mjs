#!/usr/bin/env node
// `npm run bench`: the built api against a floor (bench/floor.mjs: plain node:http + pg, same SQL
// semantics, JSON, ETags, authentication and audit append) on one database, driven alternately by
// autocannon at each connection count; prints per endpoint req/s, p95 and queries per request
// (pg_stat_statements) for both, and api / floor. Not a test: it asserts nothing but that both
// answer the same JSON before it measures, and exits 1 if they do not.
//
// Environment (defaults in brackets): BENCH_TASKS [5000], BENCH_REPORTS [50000],
// BENCH_DEPARTMENTS [20], BENCH_EVENTS [20000] (seed:scale's options); BENCH_SECONDS [3] per run
// (dashboards: BENCH_HEAVY_REQUESTS [3] requests per connection instead); BENCH_ROUNDS [3];
// BENCH_CONNECTIONS [20,50]; BENCH_REPORT_TASKS [300] open tasks the report drafts go to;
// BENCH_API_DIR [dist/apps/api] (with BENCH_MEASURE_ANYWAY=1 an older build is measured even where
// its JSON differs from today's); BENCH_DATA_DIR (a seeded folder kept between benches, each
// working on a copy; otherwise a temporary one); BENCH_ONLY (endpoint names); BENCH_COUNT_ONLY=1
// (exact statements per request, requests one at a time, and no timed runs); BENCH_API_NODE_ARGS
// (extra node flags for the api process alone, e.g. "--max-semi-space-size=4", to measure them).
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { API_HEAP_FLAGS, benchLogin, cleanUpOnExit, freePort, startBenchApi, waitFor } from './bench-support.mjs';

const root = join(import.meta.dirname, '..');
const env = process.env;
const TASKS = Number(env.BENCH_TASKS ?? 5000);
const REPORTS = Number(env.BENCH_REPORTS ?? 50000);
const DEPARTMENTS = Number(env.BENCH_DEPARTMENTS ?? 20);
const EVENTS = Number(env.BENCH_EVENTS ?? 20000);
const SECONDS = Number(env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (env.BENCH_CONNECTIONS ?? '20,50').split(',').map(Number);
const REPORT_TASKS = Number(env.BENCH_REPORT_TASKS ?? 300);
const HEAVY_REQUESTS = Number(env.BENCH_HEAVY_REQUESTS ?? 3);
const ONLY = env.BENCH_ONLY ? env.BENCH_ONLY.split(',') : null;
// The built api to measure (a copy of an older build, to measure before and after a change).
const API_DIR = env.BENCH_API_DIR ?? join(root, 'dist/apps/api');
// Flags for the api: its heap budget unless given (bench-support.mjs).
const API_NODE_ARGS = env.BENCH_API_NODE_ARGS ? env.BENCH_API_NODE_ARGS.split(' ').filter(Boolean) : API_HEAP_FLAGS;
const log = (line) => process.stdout.write(`${line}\n`);

const { children, temporary } = cleanUpOnExit();

// ---- data: seed:scale into a data folder, then pg_stat_statements on -------------------------------

// The seeded folder is a template: each bench works on a copy, so its writes never reach the next.
const template = env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zibo-bench-seed-'));
if (!env.BENCH_DATA_DIR) temporary.push(template);
const dbPort = await freePort();
const started = Date.now();
if (!existsSync(join(template, 'pg', 'PG_VERSION'))) {
  log(`seeding ${TASKS} tasks, ${REPORTS} reports, ${EVENTS} events over ${DEPARTMENTS} departments into ${template}`);
  const seeded = spawnSync(
    process.execPath,
    [
      join(API_DIR, 'scale-seed-cli.js'),
      ...['--departments', DEPARTMENTS, '--tasks', TASKS, '--reports', REPORTS, '--events', EVENTS].map(String),
    ],
    { env: { ...env, DATA_DIR: template, EMBEDDED_DB_PORT: String(dbPort), LOG_LEVEL: 'warn' }, stdio: 'inherit' },
  );
  if (seeded.status !== 0) throw new Error('seed:scale failed');
  // Statement counts per request: the module must load with the server.
  appendFileSync(join(template, 'pg', 'postgresql.conf'), "\nshared_preload_libraries = 'pg_stat_statements'\n");
}
const dataDir = mkdtempSync(join(tmpdir(), 'zibo-bench-run-'));
temporary.push(dataDir);
// cp -a: the embedded PostgreSQL's own user must still own its files.
if (spawnSync('cp', ['-a', `${template}/.`, dataDir]).status !== 0) throw new Error('copying the data folder failed');
const seedMs = Date.now() - started;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = startBenchApi(join(API_DIR, 'main.js'), {
  port,
  dbPort,
  dataDir,
  nodeArgs: API_NODE_ARGS,
  passwordOnly: true,
});
children.push(api);

await waitFor(`${base}/api/health`);

const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
const dbUrl = (user, password, database = 'zibo') => `postgres://${user}:${password}@127.0.0.1:${dbPort}/${database}`;
const owner = new pg.Client({ connectionString: dbUrl('zibo_owner', secrets.ownerPassword) });
const superuser = new pg.Client({ connectionString: dbUrl('postgres', secrets.superuserPassword) });
await owner.connect();
await superuser.connect();
const statements = (
  await superuser.query(`SELECT count(*) > 0 AS ok FROM pg_available_extensions WHERE name = 'pg_stat_statements'`)
).rows[0].ok;
let counting = false;
if (statements) {
  try {
    await superuser.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await superuser.query('SELECT pg_stat_statements_reset()');
    counting = true;
  } catch (error) {
    log(`no statement counts: ${error.message}`);
  }
}

// Open tasks of the department head's department that owe a report every month since 2021: each
// (task, period) takes one draft, handed out once across api and floor.
const econ = (await owner.query(`SELECT id FROM department WHERE code = 'econ'`)).rows[0].id;
const committeeId = (await owner.query(`SELECT id FROM app_user WHERE username = 'committee'`)).rows[0].id;
const workItem = (await owner.query(`SELECT code FROM work_item ORDER BY code LIMIT 1`)).rows[0].code;
await owner.query(
  `DELETE FROM task WHERE title LIKE '基准填报任务%' AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.task_id = task.id)`,
);
const reportTasks = (
  await owner.query(
    `INSERT INTO task (work_item_code, title, lead_department_id, start_date, due_date, baseline_due_date, status,
                       assigned_at, created_by_id, reporting_cycle)
     SELECT $1, '基准填报任务 ' || g, $2, '2021-01-01', '2030-12-31', '2030-12-31', 'in_progress',
            '2021-01-01T00:00:00+08', $3, 'monthly'
       FROM generate_series(1, $4::int) g RETURNING id`,
    [workItem, econ, committeeId, REPORT_TASKS],
  )
).rows.map((r) => r.id);
const periods = (
  await owner.query(
    `SELECT to_char(d, 'YYYY-MM') AS p FROM generate_series('2021-01-01'::date,
            (now() AT TIME ZONE 'Asia/Shanghai')::date, interval '1 month') d`,
  )
).rows.map((r) => r.p);
// Period by period across the tasks: concurrent drafts lock different tasks, as in real use.
const slots = periods.flatMap((period) => reportTasks.map((task) => ({ task, period })));
let nextSlot = 0;
await owner.query('ANALYZE');
const counts = (
  await owner.query(
    `SELECT (SELECT count(*) FROM task) AS tasks, (SELECT count(*) FROM progress_report) AS reports,
            (SELECT count(*) FROM audit_event) AS events`,
  )
).rows[0];

// ---- the floor ------------------------------------------------------------------------------------

const kernelDir = mkdtempSync(join(tmpdir(), 'zibo-floor-'));
temporary.push(kernelDir);
const kernel = join(kernelDir, 'kernel.mjs');
const bundled = spawnSync(
  join(root, 'node_modules/.bin/esbuild'),
  [
    join(root, 'bench/floor-kernel.ts'),
    '--bundle',
    '--platform=node',
    '--format=esm',
    `--outfile=${kernel}`,
    `--alias:@zibo/domain=${join(root, 'libs/domain/src/index.ts')}`,
    '--log-level=warning',
  ],
  { stdio: 'inherit' },
);
if (bundled.status !== 0) throw new Error('bundling the floor kernel failed');
const floorPort = await freePort();
const floorBase = `http://127.0.0.1:${floorPort}`;
const floor = spawn(process.execPath, [join(root, 'bench/floor.mjs')], {
  env: {
    ...env,
    PORT: String(floorPort),
    FLOOR_KERNEL: kernel,
    DATABASE_URL: dbUrl('zibo_app', secrets.appPassword),
    JWT_SECRET: secrets.jwtSecret,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
children.push(floor);
await waitFor(`${floorBase}/api/tasks`);

const login = (username) => benchLogin(base, username);
const tokens = { committee: await login('committee'), head: await login('head.econ') };
const auth = (who) => ({ authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' });

// Warm-up: the first read of the day brings every stored status up to today.
const refreshStarted = Date.now();
await fetch(`${base}/api/tasks?limit=1`, { headers: auth('committee') });
const refreshMs = Date.now() - refreshStarted;
const detailId = (await (await fetch(`${base}/api/tasks?limit=50`, { headers: auth('head') })).json()).items[20]?.id;

const taskBody = () =>
  JSON.stringify({
    workItemCode: workItem,
    title: `压测任务 ${Math.random()}`,
    leadDepartmentId: econ,
    dueDate: '2030-12-31',
  });
const reportRequest = (req) => {
  const slot = slots[nextSlot++ % slots.length];
  return {
    ...req,
    path: `/api/tasks/${slot.task}/progress`,
    body: JSON.stringify({ period: slot.period, percentComplete: 10, summary: '基准填报：按计划推进' }),
  };
};

const endpoints = [
  { name: 'task list (dept head)', who: 'head', path: '/api/tasks?limit=50' },
  { name: 'task list (committee)', who: 'committee', path: '/api/tasks?limit=50' },
  { name: 'task detail', who: 'head', path: `/api/tasks/${detailId}` },
  // Dashboards read every visible task: a run is a number of requests, so that slow ones still finish.
  { name: 'dashboard (committee)', who: 'committee', path: '/api/dashboard', heavy: true },
  { name: 'dashboard (dept head)', who: 'head', path: '/api/dashboard', heavy: true },
  { name: 'audited task create', who: 'committee', method: 'POST', path: '/api/tasks', body: taskBody, write: true },
  {
    name: 'report draft',
    who: 'head',
    method: 'POST',
    path: '/api/tasks/x/progress',
    setup: reportRequest,
    write: true,
  },
].filter((e) => !ONLY || ONLY.includes(e.name));

// ---- same answers first ------------------------------------------------------------------------------

// What differs between two answers by nature: the clock, and a write's new record (its own slot).
const VOLATILE = new Set(['generatedAt']);
const WRITTEN = new Set(['id', 'taskId', 'createdAt', 'updatedAt', 'title', 'period', 'deadline']);
const stable = (value, skip) =>
  Array.isArray(value)
    ? value.map((v) => stable(v, skip))
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, skip.has(k) ? '…' : stable(v, skip)]))
      : value;
async function answer(target, e) {
  let path = e.path;
  let body = e.body?.();
  if (e.setup) ({ path, body } = e.setup({ path }));
  const response = await fetch(`${target}${path}`, { method: e.method ?? 'GET', headers: auth(e.who), body });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), text, json: JSON.parse(text) };
}
// The first place two answers differ, as a path (`items.0.declineReason`), to say what the floor lacks.
function firstDifference(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return `${path || '(the whole answer)'}: api ${JSON.stringify(a)?.slice(0, 120)}, floor ${JSON.stringify(b)?.slice(0, 120)}`;
}
let mismatches = 0;
for (const e of endpoints) {
  const [a, f] = [await answer(base, e), await answer(floorBase, e)];
  const skip = e.write ? WRITTEN : VOLATILE;
  const same =
    a.status === f.status &&
    isDeepStrictEqual(stable(a.json, skip), stable(f.json, skip)) &&
    (e.write ? a.etag === f.etag || (a.etag !== null && f.etag !== null) : a.etag === f.etag);
  const bytes = a.text === f.text ? ', byte for byte' : '';
  log(`same answer ${same ? 'yes' : 'NO'}${same ? bytes : ''}: ${e.name} (${a.status}, ETag ${a.etag ?? 'none'})`);
  if (!same) {
    mismatches++;
    log(`  first difference: ${firstDifference(stable(a.json, skip), stable(f.json, skip)) ?? 'status or ETag'}`);
  }
}
if (mismatches && !env.BENCH_MEASURE_ANYWAY) {
  log('the floor does not answer as the api does: no figures');
  process.exit(1);
}

// ---- measuring ---------------------------------------------------------------------------------------

const rssOf = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[1] ?? 0);
  return { rss: field('VmRSS:') / 1024, peak: field('VmHWM:') / 1024 };
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function statementCount() {
  if (!counting) return null;
  const { rows } = await superuser.query(
    `SELECT COALESCE(sum(calls), 0)::bigint AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = 'zibo' AND s.query NOT ILIKE '%pg_stat_statements%'`,
  );
  return Number(rows[0].n);
}

async function run(target, e, connections) {
  if (counting) await superuser.query('SELECT pg_stat_statements_reset()');
  const latencies = [];
  const instance = autocannon({
    url: `${target}${e.path}`,
    method: e.method ?? 'GET',
    connections,
    ...(e.heavy ? { amount: connections * HEAVY_REQUESTS } : { duration: SECONDS }),
    headers: auth(e.who),
    ...(e.body ? { requests: [{ setupRequest: (req) => ({ ...req, body: e.body() }) }] } : {}),
    ...(e.setup ? { requests: [{ setupRequest: e.setup }] } : {}),
  });
  instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  const queries = await statementCount();
  latencies.sort((x, y) => x - y);
  const done = result.requests.total || latencies.length || 1;
  return {
    rps: result.requests.total / (result.duration || SECONDS),
    p95: percentile(latencies, 95),
    perRequest: queries === null ? null : queries / done,
    errors: result.errors + result.non2xx,
  };
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((x, y) => x - y);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Statements per request, exactly: requests one at a time, nothing else in flight.
const COUNTED = 10;
const exact = new Map();
if (counting) {
  for (const e of endpoints) {
    for (const [side, target] of [
      ['api', base],
      ['floor', floorBase],
    ]) {
      await superuser.query('SELECT pg_stat_statements_reset()');
      for (let i = 0; i < COUNTED; i++) await answer(target, e);
      exact.set(`${e.name}|${side}`, (await statementCount()) / COUNTED);
    }
  }
  console.table(
    endpoints.map((e) => ({
      endpoint: e.name,
      'statements/request api': exact.get(`${e.name}|api`),
      'statements/request floor': exact.get(`${e.name}|floor`),
    })),
  );
}
if (env.BENCH_COUNT_ONLY) {
  await owner.end();
  await superuser.end();
  floor.kill('SIGTERM');
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  process.exit(0);
}

const samples = new Map();
const loads = [];
let apiPeak = 0;
// Reads first, then writes (which add rows the reads would count).
for (const phase of [endpoints.filter((e) => !e.write), endpoints.filter((e) => e.write)]) {
  for (let round = 0; round < ROUNDS; round++) {
    tokens.committee = await login('committee');
    tokens.head = await login('head.econ');
    for (const e of phase) {
      for (const connections of CONNECTIONS) {
        const order = (round + connections) % 2 ? ['api', 'floor'] : ['floor', 'api'];
        for (const side of order) {
          loads.push(loadavg()[0]);
          const sample = await run(side === 'api' ? base : floorBase, e, connections);
          const key = `${e.name}|${connections}|${side}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          apiPeak = Math.max(apiPeak, rssOf(api.pid).rss);
        }
      }
      log(`  round ${round + 1}/${ROUNDS}: ${e.name}`);
    }
  }
}

const fmt = (n, digits = 0) => (n === null || n === undefined ? '–' : n.toFixed(digits));
const rows = [];
for (const e of endpoints) {
  for (const connections of CONNECTIONS) {
    const of = (side, field) => median((samples.get(`${e.name}|${connections}|${side}`) ?? []).map((s) => s[field]));
    const errors = ['api', 'floor'].map((side) =>
      (samples.get(`${e.name}|${connections}|${side}`) ?? []).reduce((sum, s) => sum + s.errors, 0),
    );
    const [apiRps, floorRps, apiP95, floorP95] = [
      of('api', 'rps'),
      of('floor', 'rps'),
      of('api', 'p95'),
      of('floor', 'p95'),
    ];
    rows.push({
      endpoint: e.name,
      conns: connections,
      'api req/s': fmt(apiRps),
      'floor req/s': fmt(floorRps),
      'req/s floor÷api': fmt(floorRps / apiRps, 2),
      'p95 api ms': fmt(apiP95),
      'p95 floor ms': fmt(floorP95),
      'p95 api÷floor': fmt(apiP95 / Math.max(floorP95, 1), 2),
      'queries/req api': fmt(of('api', 'perRequest'), 1),
      'queries/req floor': fmt(of('floor', 'perRequest'), 1),
      errors: errors.join(' / '),
    });
  }
}
const memory = rssOf(api.pid);
await owner.end();
await superuser.end();

log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
log(`Load average (1 min) at the runs' starts: median ${fmt(median(loads), 1)}, max ${fmt(Math.max(...loads), 1)}`);
log(
  `Data: ${counts.tasks} tasks, ${counts.reports} reports, ${counts.events} audit events (seeded in ${(seedMs / 1000).toFixed(0)} s); first status refresh ${refreshMs} ms`,
);
log(
  `autocannon: ${CONNECTIONS.join(' and ')} connections, ${SECONDS} s a run, median of ${ROUNDS} alternating rounds; ` +
    `queries per request from pg_stat_statements${counting ? '' : ' (unavailable)'}; report slots used ${nextSlot} of ${slots.length}`,
);
console.table(rows);
log(
  `api process memory: ${memory.rss.toFixed(0)} MB resident now, ${Math.max(memory.peak, apiPeak).toFixed(0)} MB peak`,
);
log('targets (issue 12): req/s floor÷api and p95 api÷floor ≤ 2.0 (goal 1.3); dashboard ≤ 1.5');
floor.kill('SIGTERM');
await new Promise((r) => floor.once('exit', r));
api.kill('SIGTERM');
await new Promise((r) => api.once('exit', r));
