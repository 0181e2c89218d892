import { generateKeyPairSync } from 'node:crypto';
import { CheckpointSigner } from './checkpoint-signer';
import { type StoredCheckpoint, checkpointProblem, firstUncoveredEvents } from './checkpoint-verification';

const signer = new CheckpointSigner(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);
const keys = new Map([[signer.keyId, signer.publicKeyPem()]]);

function stored(seq: number, change: Partial<StoredCheckpoint> = {}): StoredCheckpoint {
  const claim = { seq, headHash: 'a'.repeat(64), count: seq, at: '2026-11-27T07:05:00.123Z', keyId: signer.keyId };
  return { ...claim, ...signer.sign(claim), atText: '2026-11-27T07:05:00.123000Z', ...change };
}

describe('Checkpoint rule: one at least every 1,000 events (docs/rules.md)', () => {
  it.each([
    ['no events', [], 0, null],
    ['1,000 events and no checkpoint', [], 1000, null],
    ['1,001 events and no checkpoint', [], 1001, 1],
    ['a checkpoint every 1,000', [1000, 2000, 3000], 3500, null],
    ['1,001 events after the latest', [1000, 2000], 3001, 2001],
    ['a deleted checkpoint between two others', [1000, 3000], 3000, 1001],
    ['the first checkpoint late', [1200, 2000], 2000, 1],
    ['timer checkpoints between', [10, 400, 1300, 2299], 2400, null],
  ])('%s', (_, seqs, head, firstUncovered) => {
    expect(firstUncoveredEvents(seqs, head)?.seq ?? null).toBe(firstUncovered);
  });

  it('says how many events went without one', () => {
    expect(firstUncoveredEvents([1000], 2500)?.detail).toBe(
      '1500 events from checkpoint 1000 to the head without a checkpoint; the rules require one at least every 1,000 events (checkpoints deleted?)',
    );
  });
});

describe('A stored checkpoint on its own', () => {
  it('is sound when its columns are its signed payload and the signature verifies with its key', () => {
    expect(checkpointProblem(stored(1000), keys)).toBeNull();
  });

  it.each([
    ['head hash', { headHash: 'b'.repeat(64) }, 'differ from the signed payload'],
    ['count', { count: 999 }, 'differ from the signed payload'],
    ['time, by a microsecond', { atText: '2026-11-27T07:05:00.123001Z' }, 'differ from the signed payload'],
    ['key id', { keyId: '0'.repeat(16) }, 'differ from the signed payload'],
    ['payload', { payload: '{' }, 'not JSON'],
    ['signature', { signature: Buffer.alloc(64).toString('base64') }, 'does not verify'],
  ])('is reported when its %s was changed', (_, change, problem) => {
    expect(checkpointProblem(stored(1000, change), keys)).toContain(problem);
  });

  it('is reported when signed with a key nobody knows', () => {
    expect(checkpointProblem(stored(1000), new Map())).toContain('not a known signing key');
  });
});
