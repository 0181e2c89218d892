import { canonicalText } from './audit-chain';
import { splitAtSeq } from './audit-writer.service';

describe('Audit writer: where the sequence number goes in the canonical text', () => {
  const record = (after: Record<string, unknown> | null, sha256: string | null) => ({
    seq: 0,
    at: '2026-12-02T10:00:00.000Z',
    actorId: null,
    actorRole: null,
    departmentId: null,
    action: 'task.update',
    entityType: 'task',
    entityId: 't1',
    before: null,
    after,
    requestId: null,
    ip: null,
    sha256,
  });

  it.each([
    ['no changed fields', null, null],
    ['a file hash', null, 'a'.repeat(64)],
    ['changed fields that nest seq and sha256 keys', { seq: 0, sha256: 'x', list: [{ seq: 0, sha256: null }] }, null],
    ['a string that spells the placeholder', { text: '"seq":0,"sha256":' }, null],
  ])('splices any seq into the record’s own place (%s)', (_name, after, sha256) => {
    const { head, tail } = splitAtSeq(canonicalText(record(after, sha256)));
    for (const seq of [1, 999, 1000, 123456789]) {
      expect(head + String(seq) + tail).toBe(canonicalText({ ...record(after, sha256), seq }));
    }
  });
});
