#!/usr/bin/env node
// Does a request cost more as history grows? (issue 12: "the per-request figures stay within 1.5×").
// Starts the built api twice, on copies of two seeded data folders (a small and a large history),
// and asks both the same hot requests one at a time, alternating between them round by round so
// that both see the same machine load. Per endpoint and data set it prints the median and p95
// latency, the CPU time per request of the api process and of its database (the embedded
// PostgreSQL's processes: CPU time, unlike latency, barely moves with the machine's load) and the
// statements per request, then large ÷ small. Not a test: it asserts nothing.
//   npx nx build api
//   BENCH_SMALL_DIR=… BENCH_LARGE_DIR=… npm run bench:scale   (or node scripts/bench-scale.mjs after a build)
// The folders are seeded ones (`npm run bench` with BENCH_DATA_DIR seeds and keeps one, with the
// pg_stat_statements module on). BENCH_REQUESTS [20] per endpoint, side and round (dashboards a
// quarter of it), BENCH_ROUNDS [5], BENCH_API_NODE_ARGS (flags for both apis).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { API_HEAP_FLAGS, benchLogin, cleanUpOnExit, freePort, startBenchApi, waitFor } from './bench-support.mjs';

const root = join(import.meta.dirname, '..');
const env = process.env;
const REQUESTS = Number(env.BENCH_REQUESTS ?? 20);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 5);
// Flags for both apis: the heap budget unless given (bench-support.mjs).
const API_NODE_ARGS = env.BENCH_API_NODE_ARGS ? env.BENCH_API_NODE_ARGS.split(' ').filter(Boolean) : API_HEAP_FLAGS;
const TICKS_PER_MS = 100 / 1000; // USER_HZ: /proc times are in hundredths of a second
const log = (line) => process.stdout.write(`${line}\n`);
if (!env.BENCH_SMALL_DIR || !env.BENCH_LARGE_DIR) {
  log('usage: BENCH_SMALL_DIR=<seeded folder> BENCH_LARGE_DIR=<seeded folder> node scripts/bench-scale.mjs');
  process.exit(2);
}

const { children, temporary } = cleanUpOnExit();

/** CPU time (ms) of a process and every process below it: the api and its embedded PostgreSQL. */
function treeCpu(rootPid) {
  const parents = new Map();
  const times = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces: fields are counted after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      times.set(Number(name), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS);
    } catch {
      /* the process ended while we looked */
    }
  }
  const below = (pid) => {
    for (let p = pid; p > 1; p = parents.get(p) ?? 0) if (p === rootPid) return true;
    return false;
  };
  let own = 0;
  let database = 0;
  for (const [pid, ms] of times) {
    if (pid === rootPid) own += ms;
    else if (below(pid)) database += ms;
  }
  return { own, database };
}

/** One api on a copy of a seeded folder, signed in as the committee and the economy head. */
async function start(label, template) {
  const dataDir = mkdtempSync(join(tmpdir(), `zibo-scale-${label}-`));
  temporary.push(dataDir);
  if (spawnSync('cp', ['-a', `${template}/.`, dataDir]).status !== 0) throw new Error(`copying ${template} failed`);
  const [port, dbPort] = [await freePort(), await freePort()];
  const api = startBenchApi(join(root, 'dist/apps/api/main.js'), {
    port,
    dbPort,
    dataDir,
    nodeArgs: API_NODE_ARGS,
    passwordOnly: true,
  });
  children.push(api);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`, 1200);
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
  const superuser = new pg.Client({
    connectionString: `postgres://postgres:${secrets.superuserPassword}@127.0.0.1:${dbPort}/zibo`,
  });
  await superuser.connect();
  await superuser.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const counts = (
    await superuser.query(
      `SELECT (SELECT count(*) FROM task) AS tasks, (SELECT count(*) FROM progress_report) AS reports,
              (SELECT count(*) FROM audit_event) AS events`,
    )
  ).rows[0];
  const login = (username) => benchLogin(base, username);
  const tokens = { committee: await login('committee'), head: await login('head.econ') };
  const headers = (who) => ({ authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' });
  // The first read of the day brings every stored status up to today: not a request's cost.
  await fetch(`${base}/api/tasks?limit=1`, { headers: headers('committee') });
  const list = await (await fetch(`${base}/api/tasks?limit=50`, { headers: headers('head') })).json();
  const econ = (await superuser.query(`SELECT id FROM department WHERE code = 'econ'`)).rows[0].id;
  const workItem = (await superuser.query(`SELECT code FROM work_item ORDER BY code LIMIT 1`)).rows[0].code;
  return { label, api, base, superuser, counts, headers, detailId: list.items[20]?.id, econ, workItem };
}

const small = await start('small', env.BENCH_SMALL_DIR);
const large = await start('large', env.BENCH_LARGE_DIR);

const endpoints = [
  { name: 'task list (dept head)', who: 'head', path: () => '/api/tasks?limit=50' },
  { name: 'task list (committee)', who: 'committee', path: () => '/api/tasks?limit=50' },
  { name: 'task detail', who: 'head', path: (side) => `/api/tasks/${side.detailId}` },
  { name: 'dashboard (committee)', who: 'committee', path: () => '/api/dashboard', heavy: true },
  { name: 'dashboard (dept head)', who: 'head', path: () => '/api/dashboard', heavy: true },
  {
    name: 'audited task create',
    who: 'committee',
    method: 'POST',
    path: () => '/api/tasks',
    body: (side) =>
      JSON.stringify({
        workItemCode: side.workItem,
        title: `规模测试任务 ${Math.random()}`,
        leadDepartmentId: side.econ,
        dueDate: '2030-12-31',
      }),
  },
];

const statementCount = async (side) =>
  Number(
    (
      await side.superuser.query(
        `SELECT COALESCE(sum(calls), 0)::bigint AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = 'zibo' AND s.query NOT ILIKE '%pg_stat_statements%'`,
      )
    ).rows[0].n,
  );

/** `n` requests one at a time: latencies, CPU per request (api, database), statements per request. */
async function measure(side, e, n) {
  await side.superuser.query('SELECT pg_stat_statements_reset()');
  const cpuBefore = treeCpu(side.api.pid);
  const latencies = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const response = await fetch(`${side.base}${e.path(side)}`, {
      method: e.method ?? 'GET',
      headers: side.headers(e.who),
      body: e.body?.(side),
    });
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`${e.name} on ${side.label}: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  const cpuAfter = treeCpu(side.api.pid);
  // The counting statements themselves ran on the superuser's own connection (a backend below the api too).
  const statements = (await statementCount(side)) / n;
  return {
    latencies,
    apiCpu: (cpuAfter.own - cpuBefore.own) / n,
    dbCpu: (cpuAfter.database - cpuBefore.database) / n,
    statements,
  };
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const p95 = (values) =>
  [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.floor(0.95 * values.length))];

const loads = [];
const results = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const e of endpoints) {
    const n = e.heavy ? Math.max(2, Math.round(REQUESTS / 4)) : REQUESTS;
    for (const side of round % 2 ? [large, small] : [small, large]) {
      loads.push(loadavg()[0]);
      const sample = await measure(side, e, n);
      const key = `${e.name}|${side.label}`;
      results.set(key, [...(results.get(key) ?? []), sample]);
    }
  }
  log(`  round ${round + 1}/${ROUNDS}`);
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const rows = [];
for (const e of endpoints) {
  const of = (label) => {
    const samples = results.get(`${e.name}|${label}`) ?? [];
    return {
      median: median(samples.flatMap((s) => s.latencies)),
      p95: p95(samples.flatMap((s) => s.latencies)),
      apiCpu: median(samples.map((s) => s.apiCpu)),
      dbCpu: median(samples.map((s) => s.dbCpu)),
      statements: median(samples.map((s) => s.statements)),
    };
  };
  const [s, l] = [of('small'), of('large')];
  rows.push({
    endpoint: e.name,
    'median ms small / large': `${fmt(s.median)} / ${fmt(l.median)}`,
    'median large÷small': fmt(l.median / s.median, 2),
    'p95 ms small / large': `${fmt(s.p95)} / ${fmt(l.p95)}`,
    'api CPU ms small / large': `${fmt(s.apiCpu)} / ${fmt(l.apiCpu)}`,
    'db CPU ms small / large': `${fmt(s.dbCpu)} / ${fmt(l.dbCpu)}`,
    'CPU large÷small': fmt((l.apiCpu + l.dbCpu) / (s.apiCpu + s.dbCpu), 2),
    'statements small / large': `${fmt(s.statements)} / ${fmt(l.statements)}`,
  });
}

log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
log(`Load average (1 min) at the runs' starts: median ${fmt(median(loads))}, max ${fmt(Math.max(...loads))}`);
for (const side of [small, large]) {
  log(`${side.label}: ${side.counts.tasks} tasks, ${side.counts.reports} reports, ${side.counts.events} audit events`);
}
log(
  `${REQUESTS} requests one at a time per endpoint, side and round (dashboards ${Math.max(2, Math.round(REQUESTS / 4))}), ${ROUNDS} alternating rounds`,
);
console.table(rows);
log('target (issue 12): the per-request figures at both scales within 1.5× of each other');
for (const side of [small, large]) {
  await side.superuser.end();
  side.api.kill('SIGTERM');
}
await Promise.all([small, large].map((side) => new Promise((r) => side.api.once('exit', r))));
