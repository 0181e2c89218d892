import { createHash } from 'node:crypto';
import { type AuditRecord, GENESIS_HASH, canonicalText, chainHash } from './audit-chain';

const record: AuditRecord = {
  seq: 1,
  at: '2021-03-05T01:02:03.456Z',
  actorId: null,
  actorRole: null,
  departmentId: null,
  action: 'department.create',
  entityType: 'department',
  entityId: 'd1',
  before: null,
  after: { name: '经济发展局', code: 'econ', weights: [1.5, 2e21] },
  requestId: 'r1',
  ip: '127.0.0.1',
  sha256: null,
};

describe('Audit chain hashing (docs/rules.md)', () => {
  it('canonicalises with sorted keys, no spaces and ECMAScript number forms (RFC 8785)', () => {
    const text = canonicalText(record);
    expect(
      text.startsWith('{"action":"department.create","actorId":null,"actorRole":null,"after":{"code":"econ"'),
    ).toBe(true);
    expect(text).toContain('"weights":[1.5,2e+21]');
    expect(text).toContain('经济发展局');
    expect(canonicalText({ ...record, after: { code: 'econ', name: '经济发展局', weights: [1.5, 2e21] } })).toBe(text);
  });

  it('hashes prevHash + canonical as lowercase hex SHA-256, starting from 64 zeros', () => {
    const canonical = canonicalText(record);
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonical, 'utf8')
      .digest('hex');
    expect(chainHash(GENESIS_HASH, canonical)).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('changes the hash when any field or the predecessor changes', () => {
    const canonical = canonicalText(record);
    const base = chainHash(GENESIS_HASH, canonical);
    expect(chainHash(GENESIS_HASH, canonicalText({ ...record, entityId: 'd2' }))).not.toBe(base);
    expect(chainHash('1'.repeat(64), canonical)).not.toBe(base);
  });
});
