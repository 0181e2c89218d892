import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { exportChain, exportContextOf, writeExportFile } from '../../../test/export-fixtures';
import { hasLoneSurrogate, hostileText, storableHostileText } from '../../../test/hostile-text';
import { canonicalText, CheckpointSigner } from '../audit';
import { verifyAuditExport } from './audit-export-verifier';

const signer = new CheckpointSigner(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);

/**
 * Exports keep working for anything that was ever stored (docs/rules.md): whatever text an event's
 * entityId, before and after hold — every plane, control characters, non-characters, text that
 * looks like an escape — both the CSV and the XLSX export verify offline. A lone surrogate cannot
 * be stored at all: the hashed text refuses it (as PostgreSQL would).
 */
describe('Audit export round trip (property)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zibo-roundtrip-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('verifies CSV and XLSX exports of events holding any text at all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(storableHostileText(), storableHostileText(), storableHostileText()), {
          minLength: 1,
          maxLength: 4,
        }),
        async (texts) => {
          const events = exportChain(texts.length, (record) => {
            const [entityId = '', key = '', value = ''] = texts[record.seq - 1] ?? [];
            record.entityId = entityId;
            record.before = { [key]: value };
            record.after = { text: value, list: [entityId, key], [value]: null };
          });
          const context = exportContextOf(events, texts.length, signer);
          for (const format of ['csv', 'xlsx'] as const) {
            const result = await verifyAuditExport(await writeExportFile(dir, format, events, context), {
              publicKeyPem: signer.publicKeyPem(),
            });
            expect({ format, texts, result }).toMatchObject({
              result: { ok: true, rows: texts.length, checkpoint: { signature: 'valid' } },
            });
            // Cut into batches of a row or two, the file reads the same.
            const path = await writeExportFile(dir, format, events, context);
            expect(await verifyAuditExport(path, { publicKeyPem: signer.publicKeyPem(), batchBytes: 40 })).toEqual(
              await verifyAuditExport(path, { publicKeyPem: signer.publicKeyPem() }),
            );
          }
        },
      ),
      { seed: 7_2021, numRuns: 300 },
    );
  }, 120_000);

  it('never hashes a lone surrogate (such an event cannot be written, so no export holds one)', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        fc.pre(hasLoneSurrogate(text));
        expect(() => exportChain(1, (record) => (record.entityId = text))).toThrow('Lone surrogate');
        expect(() => canonicalText({ ...JSON.parse(exportChain(1)[0]?.canonical ?? '{}'), after: { text } })).toThrow();
      }),
      { seed: 7_2021, numRuns: 200 },
    );
  });
});
