#!/usr/bin/env node
// Audit export figures of the built api on this machine (not a test: it asserts nothing).
// Starts the api on a fresh embedded database, appends BENCH_EVENTS valid chained audit events
// (signed checkpoints every 1,000, as the writer makes them), downloads each format once while
// measuring rows per second, bytes and the api process's peak memory, downloads with a slow
// client to show that memory stays flat under backpressure, and runs the offline verifier.
//   npm run build   (or: npx nx build api)
//   node scripts/bench-export.mjs
// BENCH_EVENTS (default 1,000,000), BENCH_PDF_EVENTS (default: all), BENCH_SLOW_SECONDS (default 15),
// BENCH_KEEP=dir keeps the downloaded files there.
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';

const { default: canonicalize } = await import('canonicalize');

const root = process.env.HOLD_ROOT ?? '/work/wt/h-export';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PDF_EVENTS = Number(process.env.BENCH_PDF_EVENTS ?? Infinity);
const SLOW_SECONDS = Number(process.env.BENCH_SLOW_SECONDS ?? 15);
const INSERT_BATCH = 10_000;
// Extra node flags for the api and the verifier, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const out = (line) => process.stdout.write(`${line}\n`);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const port = await freePort();
const dbPort = await freePort();
const dataDir = process.env.HOLD_DIR; mkdirSync(dataDir,{recursive:true});
const filesDir = process.env.BENCH_KEEP ?? join(dataDir, 'files');
mkdirSync(filesDir, { recursive: true });
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, [...NODE_ARGS, join(root, 'dist/apps/api/main.js')], {
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
process.on('exit', () => {
  if (api.exitCode === null) api.kill('SIGKILL');
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

writeFileSync(join(dataDir,'hold.json'), JSON.stringify({base, token, pid: api.pid, dbPort, ownerPassword: secrets.ownerPassword, publicKeyPem}));
out('ready '+base);
await new Promise(()=>{});
