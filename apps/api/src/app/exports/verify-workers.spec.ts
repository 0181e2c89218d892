import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { exportChain, exportContextOf, writeExportFile } from '../../../test/export-fixtures';
import { CheckpointSigner } from '../audit';
import type { EventBatchJob } from './audit-export-batches';
import { describeVerification, verifyAuditExport } from './audit-export-verifier';
import { VerifyWorkerPool } from './verify-workers';

// A stand-in worker in plain JavaScript (a worker thread cannot load the TypeScript sources):
// answers each job after `sheetNumber` ms with the job's byte count, or stops on 'crash'.
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, job }) => {
  if (job.sheetName === 'crash') process.exit(3);
  setTimeout(() => parentPort.postMessage({ id, result: {
    events: [], rest: [], records: job.bytes.length, firstRow: 0, lastRow: 0, error: null,
  } }), job.sheetNumber);
});
`;

const job = (bytes: number, delay: number, sheetName = ''): EventBatchJob => ({
  format: 'xlsx',
  bytes: new Uint8Array(bytes),
  header: [],
  sheetName,
  sheetNumber: delay,
});

describe('Verify worker threads', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-verify-workers-'));
    script = join(dir, 'fake-worker.js');
    await writeFile(script, FAKE_WORKER);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers each job with its own result, whichever worker finishes first', async () => {
    const pool = new VerifyWorkerPool(script, 2);
    try {
      const delays = [40, 1, 30, 2, 20, 3];
      const jobs = delays.map((delay, i) => job(100 + i, delay));
      const results = await Promise.all(jobs.map((j) => pool.run(j)));
      expect(results.map((r) => r.records)).toEqual(delays.map((_, i) => 100 + i));
      // The bytes were handed over, not copied.
      expect(jobs.every((j) => j.bytes.byteLength === 0)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('fails the jobs in flight when a worker stops, and every job after', async () => {
    const pool = new VerifyWorkerPool(script, 2);
    try {
      const waiting = pool.run(job(10, 50));
      await expect(pool.run(job(10, 0, 'crash'))).rejects.toThrow('a verify worker stopped (exit code 3)');
      await expect(waiting).rejects.toThrow('a verify worker stopped');
      await expect(pool.run(job(10, 0))).rejects.toThrow('a verify worker stopped');
    } finally {
      await pool.close();
    }
  });

  it('reports a file as unreadable, not intact, when its workers fail', async () => {
    const crashing = join(dir, 'crashing-worker.js');
    await writeFile(crashing, "require('node:worker_threads').parentPort.on('message', () => process.exit(4));");
    const signer = new CheckpointSigner(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const events = exportChain(30);
    for (const format of ['csv', 'xlsx'] as const) {
      const path = await writeExportFile(dir, format, events, exportContextOf(events, 20, signer));
      const result = await verifyAuditExport(path, { workers: { script: crashing, count: 2 } });
      expect(describeVerification(result)).toBe(
        'BROKEN at seq 0: the file cannot be read after this row: a verify worker stopped (exit code 4)',
      );
    }
  });
});
