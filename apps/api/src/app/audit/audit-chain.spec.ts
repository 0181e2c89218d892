import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { type AuditRecord, GENESIS_HASH, canonicalText, chainHash, isCanonicalText } from './audit-chain';

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

  it('tells canonical text from any other text of the same value, as the canonicaliser would', () => {
    const canonical = canonicalText(record);
    expect(isCanonicalText(JSON.parse(canonical), canonical)).toBe(true);
    const others = [
      JSON.stringify(JSON.parse(canonical), null, 1),
      canonical.replace('{"action"', '{"seq":1,"action"'),
      canonical.replace('"weights":[1.5,2e+21]', '"weights":[1.5,2000000000000000000000]'),
      canonical.replace('经济发展局', '\\u7ecf济发展局'),
      '{"b":1,"a":2}',
      '{"10":1,"9":2}',
      '{"9":2,"10":1}',
    ];
    for (const text of others) {
      expect(isCanonicalText(JSON.parse(text), text)).toBe(canonicalText(JSON.parse(text) as AuditRecord) === text);
    }
    expect(isCanonicalText(JSON.parse('{"10":1,"9":2}'), '{"10":1,"9":2}')).toBe(true);
    expect(isCanonicalText(JSON.parse('{"b":1,"a":2}'), '{"b":1,"a":2}')).toBe(false);
    expect(isCanonicalText(JSON.parse('{"a":1e999}'), '{"a":1e999}')).toBe(false);
    expect(isCanonicalText(JSON.parse('{"a":"\\ud800"}'), '{"a":"\\ud800"}')).toBe(false);
    expect(isCanonicalText(JSON.parse('{"a":"\\ud83d\\ude00"}'), '{"a":"😀"}')).toBe(true);
  });

  it('agrees with the canonicaliser on any JSON text, lone surrogates included', () => {
    const canonicalOrNull = (value: unknown) => {
      try {
        return canonicalText(value as AuditRecord);
      } catch {
        return null;
      }
    };
    fc.assert(
      fc.property(
        fc.jsonValue({ stringUnit: fc.oneof(fc.string(), fc.string({ unit: 'binary' })) }),
        fc.boolean(),
        (value, spaced) => {
          const text = JSON.stringify(value, null, spaced ? 1 : undefined);
          const parsed: unknown = JSON.parse(text);
          const canonical = canonicalOrNull(parsed);
          expect(isCanonicalText(parsed, text)).toBe(canonical === text);
          if (canonical !== null) expect(isCanonicalText(parsed, canonical)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
