import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportChain, exportContextOf, writeExportFile } from '../test/export-fixtures';
import { CheckpointSigner } from './app/audit';

// The built offline verifier (npm run audit:verify): its worker threads load the built file itself,
// which the unit specs (TypeScript sources) cannot do.
const VERIFY_CLI = resolve(__dirname, '../../../dist/apps/api/verify-cli.js');

if (!existsSync(VERIFY_CLI) && process.env['CI'] === 'true') {
  test('needs the built api (CI=true: a missing build is a failure)', () => {
    throw new Error(`missing ${VERIFY_CLI}: run the build first`);
  });
}
const describeBuilt = existsSync(VERIFY_CLI) ? describe : describe.skip;

describeBuilt('the built offline verifier with worker threads', () => {
  const signer = new CheckpointSigner(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  // About 1.5 KB a row: a few 1 MiB batches, so rows are checked by more than one worker.
  const events = exportChain(6000, (record) => {
    record.after = { title: `新标题 ${record.seq}`, note: '督查督办，'.repeat(60) };
  });
  let dir: string;
  let key: string;

  const verify = (file: string, workers: number) => {
    const result = spawnSync(process.execPath, [VERIFY_CLI, file, '--public-key', key, '--workers', String(workers)], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-verify-built-'));
    key = join(dir, 'key.pem');
    await writeFile(key, signer.publicKeyPem());
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(['csv', 'xlsx'] as const)('a whole %s export verifies, in workers as in one thread', async (format) => {
    const file = await writeExportFile(dir, format, events, exportContextOf(events, 6000, signer));
    const [threads, single] = [verify(file, 2), verify(file, 0)];
    expect(threads.code).toBe(0);
    expect(threads.out).toMatch(/^OK: 6000 rows, head 6000 /);
    expect(threads.out).toBe(single.out);
  });

  it('a changed hash far into the file is found at its row by the workers, as in one thread', async () => {
    const file = await writeExportFile(dir, 'csv', events, exportContextOf(events, 6000, signer));
    const text = await readFile(file, 'utf8');
    const row = `\r\n4321,${events[4319]?.hash},${events[4320]?.hash},`;
    expect(text).toContain(row);
    const hash = events[4320]?.hash ?? '';
    const changed = `${hash.slice(0, 10)}${hash[10] === '0' ? '1' : '0'}${hash.slice(11)}`;
    const tampered = join(dir, 'tampered.csv');
    await writeFile(tampered, text.replace(row, `\r\n4321,${events[4319]?.hash},${changed},`));
    const [threads, single] = [verify(tampered, 2), verify(tampered, 0)];
    expect(threads.code).toBe(1);
    expect(threads.out).toMatch(/^BROKEN at seq 4321, column hash/);
    expect(threads.out).toBe(single.out);
  });
});
