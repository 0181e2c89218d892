import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportChain, exportContextOf, signedCheckpoint, writeExportFile } from '../../../test/export-fixtures';
import { CheckpointSigner } from '../audit';
import { VERIFY_USAGE, runVerifyCommand } from './verify-command';

const newSigner = () =>
  new CheckpointSigner(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

describe('npm run audit:verify (the offline verifier command)', () => {
  const before = newSigner();
  const after = newSigner();
  const events = exportChain(30);
  let dir: string;
  let exportFile: string;
  let oldKey: string;
  let newKey: string;
  let pinned: string;

  async function run(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runVerifyCommand(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-verify-cli-'));
    // The auditor pinned checkpoint 10 under the old key; the export's checkpoint is under the new one.
    exportFile = await writeExportFile(dir, 'csv', events, exportContextOf(events, 20, after));
    oldKey = join(dir, 'old.pem');
    newKey = join(dir, 'new.pem');
    pinned = join(dir, 'checkpoint-10.json');
    await writeFile(oldKey, before.publicKeyPem());
    await writeFile(newKey, after.publicKeyPem());
    await writeFile(pinned, JSON.stringify(signedCheckpoint(events, 10, before), null, 2));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('verifies with several pinned keys and a pinned checkpoint: exit 0, one line', async () => {
    const result = await run(exportFile, '--public-key', oldKey, `--public-key=${newKey}`, '--since', pinned);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      `OK: 30 rows, head 30 ${events[29]?.hash}, checkpoint 20 signature valid, extends the pinned checkpoint 10`,
    );
  });

  it('reports a checkpoint signed with a key not given: exit 1', async () => {
    const result = await run(exportFile, '--public-key', oldKey);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(new RegExp(`^BROKEN at seq 20: the checkpoint was signed with key ${after.keyId}`));
  });

  it('reports an export that does not extend the pinned checkpoint: exit 1, seq and column', async () => {
    const rewritten = exportChain(30, (r) => {
      if (r.seq === 3) r.entityId = 'rewritten';
    });
    const file = await writeExportFile(dir, 'csv', rewritten, exportContextOf(rewritten, 20, after));
    expect((await run(file, '--public-key', newKey)).code).toBe(0);
    const result = await run(file, '--public-key', newKey, '--public-key', oldKey, '--since', pinned);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^BROKEN at seq 10, column hash: the export does not extend the pinned checkpoint/);
  });

  it.each([
    ['no file', []],
    ['--public-key without a file', ['x.csv', '--public-key']],
    ['--since twice', ['x.csv', '--since', 'a.json', '--since', 'b.json']],
    ['an unknown flag', ['x.csv', '--fast']],
    ['two export files', ['a.csv', 'b.csv']],
  ])('answers %s with the usage line: exit 2', async (_, args) => {
    expect(await run(...args)).toMatchObject({ code: 2, err: VERIFY_USAGE });
  });

  it('answers a --since file that is not a saved checkpoint, or a missing file: exit 2', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ seq: 10 }));
    expect(await run(exportFile, '--since', bad)).toMatchObject({ code: 2, err: expect.stringContaining('headHash') });
    await writeFile(bad, 'seq=10');
    expect(await run(exportFile, '--since', bad)).toMatchObject({ code: 2, err: expect.stringContaining('not JSON') });
    expect(await run(join(dir, 'missing.csv'))).toMatchObject({ code: 2, err: expect.stringContaining('ENOENT') });
  });
});
