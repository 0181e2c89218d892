import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { AUDIT_EVENT_COLUMNS, auditColumnPlan, columnMatches, jsonEqual } from './audit-event-columns';
import type { AuditRecord } from './audit-chain';

describe('Comparing a stored audit column with the hashed event', () => {
  it.each([
    ['text', 'econ', 'econ', true],
    ['text', 'econ ', 'econ', false],
    ['text', null, null, true],
    ['text', null, 'econ', false],
    ['text', 'econ', null, false],
    ['instant', '2026-11-27T07:04:05.123000Z', '2026-11-27T07:04:05.123Z', true],
    ['instant', '2026-11-27T07:04:05.123001Z', '2026-11-27T07:04:05.123Z', false],
    ['instant', '2026-11-27T07:04:05.123000Z', '2026-11-27T15:04:05.123+08:00', false],
    ['json', '{"a": 1, "b": [1, 2]}', { b: [1, 2], a: 1 }, true],
    ['json', '{"a": 1}', { a: 2 }, false],
    ['json', 'null', null, false],
    ['json', null, null, true],
    ['json', '{"a": "\u007f"}', { a: '\u007f' }, true],
  ] as const)('%s %j against %j: %s', (compare, stored, hashed, matches) => {
    expect(columnMatches(compare, stored, hashed)).toBe(matches);
  });

  it('has a rule for every field of the hashed event, each copied by one column', () => {
    const fields = Object.values(AUDIT_EVENT_COLUMNS).flatMap((rule) => ('field' in rule ? [rule.field] : []));
    const record: Record<keyof AuditRecord, null> = {
      seq: null,
      at: null,
      actorId: null,
      actorRole: null,
      departmentId: null,
      action: null,
      entityType: null,
      entityId: null,
      before: null,
      after: null,
      requestId: null,
      ip: null,
      sha256: null,
    };
    expect([...fields, 'seq'].sort()).toEqual(Object.keys(record).sort());
  });

  it('names the first column without a rule', () => {
    expect(auditColumnPlan(['seq', 'at', 'note', 'extra'])).toEqual({ unruled: 'note' });
  });
});

/** Strings with what audit text holds: Chinese, control characters, quotes, escapes, emoji. */
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '推',
      '进',
      '项',
      '目',
      '，',
      '\u0000',
      '\u001f',
      '\u007f',
      '\n',
      '\r',
      '"',
      '\\',
      '/',
      'é',
      '😀',
      '\u2028',
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 1e-7, 0.1, Number.MAX_SAFE_INTEGER, 5e-324),
);
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('a', 'b', '10', '2', '__proto__')), tie('json'), { maxKeys: 4 }),
  ),
}));
/** The same value with every object's keys in another order, as jsonb would store it. */
function reordered(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => reordered(v, seed));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (seed % 2) entries.reverse();
  return JSON.parse(
    `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(reordered(v, seed + 1))}`).join(',')}}`,
  );
}
const canonicalEqual = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

describe('jsonEqual: equality of canonical forms, without building them', () => {
  it('agrees with canonicalize on random pairs, on a value and its reordered self, and on small changes', () => {
    fc.assert(
      fc.property(json, json, fc.nat(), (a, b, seed) => {
        // Round trip through JSON text, as verification sees both sides.
        const x = JSON.parse(JSON.stringify(a)) as unknown;
        const y = JSON.parse(JSON.stringify(b)) as unknown;
        expect(jsonEqual(x, y)).toBe(canonicalEqual(x, y));
        expect(jsonEqual(x, reordered(x, seed))).toBe(true);
        expect(jsonEqual({ v: x, w: 1 }, { v: x, w: 2 })).toBe(false);
        expect(jsonEqual([x], [x, null])).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [{ a: 1 }, { a: 1, b: null }, false],
    [{ a: [] }, { a: {} }, false],
    [[1, 2], [2, 1], false],
    [{ n: 1.0 }, { n: 1 }, true],
    [{ n: -0 }, { n: 0 }, true],
    [{ s: '推进' }, { s: '推进 ' }, false],
    [null, {}, false],
    ['1', 1, false],
  ])('%j vs %j: %s', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
    expect(canonicalEqual(a, b)).toBe(equal);
  });
});
