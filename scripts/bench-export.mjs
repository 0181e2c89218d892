#!/usr/bin/env node
// Audit export figures of the built api on this machine (not a test: it asserts nothing).
// Starts the api on a fresh embedded database, appends BENCH_EVENTS valid chained audit events
// (signed checkpoints every 1,000, as the writer makes them), downloads each format once while
// measuring rows per second, bytes and the api process's peak memory, downloads with a slow
// client to show that memory stays flat under backpressure, and runs the offline verifier.
//   npm run build   (or: npx nx build api)
//   node scripts/bench-export.mjs
// BENCH_EVENTS (default 1,000,000), BENCH_PDF_EVENTS (default: all), BENCH_SLOW_SECONDS (default 15),
// BENCH_KEEP=dir keeps the downloaded files there, BENCH_ROUNDS=n downloads CSV and XLSX n times in turn
// (default 1: on a busy machine compare medians), BENCH_VERIFY=0 skips both verifications.
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { API_HEAP_FLAGS, freePort, startBenchApi } from './bench-support.mjs';

const { default: canonicalize } = await import('canonicalize');

const root = join(import.meta.dirname, '..');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PDF_EVENTS = Number(process.env.BENCH_PDF_EVENTS ?? Infinity);
const SLOW_SECONDS = Number(process.env.BENCH_SLOW_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const VERIFY = process.env.BENCH_VERIFY !== '0';
const INSERT_BATCH = 10_000;
// Extra node flags for the api and the verifier, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const out = (line) => process.stdout.write(`${line}\n`);

const port = await freePort();
const dbPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'zibo-bench-export-'));
const filesDir = process.env.BENCH_KEEP ?? join(dataDir, 'files');
mkdirSync(filesDir, { recursive: true });
const base = `http://127.0.0.1:${port}`;
// The api with its heap budget (as shipped) and any extra flags.
const api = startBenchApi(join(root, 'dist/apps/api/main.js'), {
  port,
  dbPort,
  dataDir,
  nodeArgs: [...API_HEAP_FLAGS, ...NODE_ARGS],
});
process.on('exit', () => {
  if (api.exitCode === null) api.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    /* starting */
  }
  if (i > 600) throw new Error('api did not start');
  await new Promise((r) => setTimeout(r, 100));
}

// --- bulk events, chained and checkpointed exactly as the api's writer does ------------------
const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
// The signing key lives in its own file beside secrets.json.
const privateKey = createPrivateKey(readFileSync(join(dataDir, 'audit-signing-key.pem'), 'utf8'));
const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
const keyId = createHash('sha256')
  .update(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }))
  .digest('hex')
  .slice(0, 16);
const db = new pg.Client({
  connectionString: `postgres://zibo_owner:${secrets.ownerPassword}@127.0.0.1:${dbPort}/zibo`,
});
await db.connect();
const users = (await db.query(`SELECT id, role, department_id FROM app_user ORDER BY username`)).rows;
const actions = [
  'task.update',
  'report.create',
  'report.update',
  'report.submit',
  'task.create',
  'contribution.update',
];
const titles = ['推进重点项目建设', '优化营商环境', '加快科技创新平台建设', '扩大有效投资', '提升政务服务效能'];

const loadStarted = Date.now();
let [head] = (await db.query('SELECT seq::int AS seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')).rows;
const startSeq = head?.seq ?? 0;
let prevHash = head?.hash ?? '0'.repeat(64);
const t0 = Date.UTC(2026, 0, 1);
for (let done = 0; done < EVENTS; done += INSERT_BATCH) {
  const n = Math.min(INSERT_BATCH, EVENTS - done);
  const cols = Array.from({ length: 16 }, () => []);
  const checkpoints = [];
  for (let i = 0; i < n; i++) {
    const seq = startSeq + done + i + 1;
    const user = users[seq % users.length];
    const record = {
      seq,
      at: new Date(t0 + seq * 1000).toISOString(),
      actorId: user.id,
      actorRole: user.role,
      departmentId: user.department_id,
      action: actions[seq % actions.length],
      entityType: seq % 7 === 0 ? 'report' : 'task',
      entityId: `00000000-0000-4000-8000-${String(seq % 5000).padStart(12, '0')}`,
      before: { percentComplete: seq % 90, status: 'assigned' },
      after: {
        percentComplete: (seq % 90) + 10,
        status: 'in_progress',
        summary: `${titles[seq % titles.length]}，第${seq}次更新`,
      },
      requestId: `bench-${seq}`,
      ip: '10.0.0.8',
      sha256: null,
    };
    const canonical = canonicalize(record);
    const hash = createHash('sha256')
      .update(prevHash + canonical, 'utf8')
      .digest('hex');
    [
      seq,
      record.at,
      record.actorId,
      record.actorRole,
      record.departmentId,
      record.action,
      record.entityType,
      record.entityId,
      JSON.stringify(record.before),
      JSON.stringify(record.after),
      record.requestId,
      record.ip,
      null,
      canonical,
      prevHash,
      hash,
    ].forEach((v, c) => cols[c].push(v));
    prevHash = hash;
    if (seq % 1000 === 0) {
      const claim = { seq, headHash: hash, count: seq, at: new Date().toISOString(), keyId };
      const payload = canonicalize(claim);
      checkpoints.push([
        seq,
        hash,
        seq,
        claim.at,
        keyId,
        payload,
        sign(null, Buffer.from(payload), privateKey).toString('base64'),
      ]);
    }
  }
  await db.query(
    `INSERT INTO audit_event (seq, at, actor_id, actor_role, department_id, action, entity_type, entity_id, before,
                              after, request_id, ip, sha256, canonical, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::varchar[], $5::uuid[], $6::varchar[],
                          $7::varchar[], $8::varchar[], $9::jsonb[], $10::jsonb[], $11::varchar[], $12::varchar[],
                          $13::char(64)[], $14::text[], $15::char(64)[], $16::char(64)[])`,
    cols,
  );
  for (const c of checkpoints) {
    await db.query(
      `INSERT INTO audit_checkpoint (seq, head_hash, event_count, at, key_id, payload, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (seq) DO NOTHING`,
      c,
    );
  }
  if ((done / INSERT_BATCH) % 10 === 9) process.stdout.write(`  ${done + n} events\n`);
}
await db.query('ANALYZE audit_event');
// Signing in is itself audited: sign in before reading the head the exports will end at.
const token = (
  await (
    await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'auditor', password: 'Demo@2021' }),
    })
  ).json()
).accessToken;
const loadMs = Date.now() - loadStarted;
[head] = (await db.query('SELECT seq::int AS seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')).rows;
const tableSize = (await db.query(`SELECT pg_size_pretty(pg_total_relation_size('audit_event')) AS size`)).rows[0].size;
await db.end();

// --- downloads --------------------------------------------------------------------------------

function memory() {
  const status = readFileSync(`/proc/${api.pid}/status`, 'utf8');
  const field = (name) =>
    Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[1] ?? 0) / 1024;
  const [utime, stime] = readFileSync(`/proc/${api.pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13);
  return { rss: field('VmRSS:'), peak: field('VmHWM:'), cpu: (Number(utime) + Number(stime)) / 100 };
}
// Writing 5 to clear_refs resets the peak (VmHWM) to the current RSS (Linux ≥ 4.0, as root or owner).
function resetPeak() {
  try {
    writeFileSync(`/proc/${api.pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const rows = [];
async function measure(label, query, expectedRows, file) {
  const peakReset = resetPeak();
  const before = memory();
  const started = Date.now();
  // node:http rather than fetch: fetch's web stream is slower than the api writes CSV.
  const response = await new Promise((resolve, reject) =>
    get(`${base}/api/audit/export?${query}`, { headers: { authorization: `Bearer ${token}` } }, resolve).on(
      'error',
      reject,
    ),
  );
  if (response.statusCode !== 200) throw new Error(`${label}: ${response.statusCode}`);
  await pipeline(response, createWriteStream(file));
  const seconds = (Date.now() - started) / 1000;
  const after = memory();
  rows.push({
    export: label,
    rows: expectedRows,
    seconds: Number(seconds.toFixed(1)),
    'rows/s': Math.round(expectedRows / seconds),
    MB: Number((statSync(file).size / 1e6).toFixed(1)),
    'RSS before MB': Math.round(before.rss),
    'peak MB': Math.round(after.peak) + (peakReset ? '' : ' (since start)'),
    'api CPU s': Number((after.cpu - before.cpu).toFixed(1)),
    load: Number(loadavg()[0].toFixed(1)),
  });
  out(`  done: ${label}`);
}

/** Reads at about `bytesPerSecond` for `seconds`, then hangs up: memory must not grow meanwhile. */
async function slowClient(label, query, bytesPerSecond, seconds) {
  resetPeak();
  const before = memory();
  const controller = new AbortController();
  const response = await fetch(`${base}/api/audit/export?${query}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = response.body.getReader();
  const started = Date.now();
  let bytes = 0;
  while (Date.now() - started < seconds * 1000) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    const ahead = bytes / bytesPerSecond - (Date.now() - started) / 1000;
    if (ahead > 0) await new Promise((r) => setTimeout(r, ahead * 1000));
  }
  controller.abort();
  await reader.cancel().catch(() => undefined);
  const after = memory();
  rows.push({
    export: `${label}, slow client ${bytesPerSecond / 1e3} kB/s for ${seconds} s`,
    rows: '—',
    seconds,
    'rows/s': '—',
    MB: Number((bytes / 1e6).toFixed(1)),
    'RSS before MB': Math.round(before.rss),
    'peak MB': Math.round(after.peak),
  });
  out(`  done: ${label} (slow client)`);
}

const csv = join(filesDir, 'audit.csv');
const xlsx = join(filesDir, 'audit.xlsx');
const pdf = join(filesDir, 'audit.pdf');
for (let round = 0; round < ROUNDS; round++) {
  await measure('CSV', 'format=csv', head.seq, csv);
  await measure('XLSX', 'format=xlsx', head.seq, xlsx);
}
const pdfQuery =
  PDF_EVENTS >= head.seq
    ? 'format=pdf'
    : `format=pdf&to=${encodeURIComponent(new Date(t0 + (startSeq + PDF_EVENTS + 1) * 1000).toISOString())}`;
const pdfRows = PDF_EVENTS >= head.seq ? head.seq : startSeq + PDF_EVENTS;
await measure('PDF', pdfQuery, pdfRows, pdf);
if (SLOW_SECONDS > 0) {
  await slowClient('CSV', 'format=csv', 2e6, SLOW_SECONDS);
  await slowClient('XLSX', 'format=xlsx', 2e5, SLOW_SECONDS);
  await slowClient('PDF', 'format=pdf', 2e5, SLOW_SECONDS);
}

// --- online verification: GET /api/audit/verify walks the whole chain with every check ---------
if (!VERIFY) {
  api.kill('SIGTERM');
  await new Promise((resolve) => api.once('exit', resolve));
  console.table(rows);
  process.exit(0);
}
resetPeak();
const cpuBefore = memory().cpu;
const verifyStarted = Date.now();
const online = await (
  await fetch(`${base}/api/audit/verify`, { headers: { authorization: `Bearer ${token}` } })
).json();
const onlineSeconds = (Date.now() - verifyStarted) / 1000;
const onlineRow = {
  verify: 'GET /api/audit/verify',
  events: online.checked,
  seconds: Number(onlineSeconds.toFixed(1)),
  'events/s': Math.round(online.checked / onlineSeconds),
  'api peak MB': Math.round(memory().peak),
  'api CPU s': Number((memory().cpu - cpuBefore).toFixed(1)),
  load: Number(loadavg()[0].toFixed(1)),
  ok: online.ok,
};
out('  verified online');

// --- offline verification -------------------------------------------------------------------
const keyFile = join(filesDir, 'public-key.pem');
writeFileSync(keyFile, publicKeyPem);
async function verify(file) {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [...NODE_ARGS, join(root, 'dist/apps/api/verify-cli.js'), file, '--public-key', keyFile],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let line = '';
  child.stdout.on('data', (d) => (line += d));
  let peak = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      /* ended */
    }
  }, 200);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(poll);
  return { code, line: line.trim(), seconds: (Date.now() - started) / 1000, peak };
}
const verified = [];
for (const [label, file] of [
  ['CSV', csv],
  ['XLSX', xlsx],
]) {
  const v = await verify(file);
  verified.push({
    file: label,
    seconds: Number(v.seconds.toFixed(1)),
    'rows/s': Math.round(head.seq / v.seconds),
    'peak MB': Math.round(v.peak),
    load: Number(loadavg()[0].toFixed(1)),
    exit: v.code,
    output: v.line.slice(0, 100),
  });
  out(`  verified: ${label}`);
}
api.kill('SIGTERM');
await new Promise((resolve) => api.once('exit', resolve));

out(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
out(
  `Load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
out(`Audit log: ${head.seq} events (${EVENTS} appended in ${(loadMs / 1000).toFixed(0)} s), table ${tableSize}`);
console.table(rows);
console.table([onlineRow]);
console.table(verified);
if (process.env.BENCH_KEEP) out(`Files kept in ${filesDir}`);
