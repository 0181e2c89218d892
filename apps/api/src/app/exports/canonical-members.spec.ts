import fc from 'fast-check';
import { hostileText, storableHostileText } from '../../../test/hostile-text';
import { type AuditRecord, GENESIS_HASH, canonicalText } from '../audit';
import { type ExportEvent, readableCells, readableCellsByParsing } from './audit-export-layout';
import { RECORD_KEYS, canonicalMembers } from './canonical-members';
import { ZonedTimeFormat } from './zoned-time-format';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Asia/Kathmandu'];

const text = fc.oneof(
  storableHostileText(),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', '"', '\\', '\\"', '\\u0041', '\\/', '\u2028', '督查督办', '𠀀', '=1+1', '-x', 'null', '0', '1e2'),
);
const key = (digits: boolean) =>
  digits
    ? fc.oneof(
        text,
        fc.nat({ max: 200 }).map(String),
        fc.constantFrom('0', '1', '9', '10', '01', '-1', '1.5', '4294967294', '4294967295', '__proto__', ' ', 'a'),
      )
    : fc.oneof(text, fc.constantFrom('__proto__', ' ', 'a', '-1', '_0')).filter((k) => !/^\d/.test(k));
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -0,
    0.1,
    1.5,
    -2.25e100,
    1e21,
    1e-7,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    123456789012345,
  ),
);
const jsonValue = (digits: boolean) =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      number,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .array(fc.tuple(key(digits), tie('value')), { maxLength: 4 })
        .map((entries) => Object.fromEntries(entries) as unknown),
    ),
  })).value;

const instant = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Audit records as the api writes them, and with members missing or of other types. */
const record = (digits: boolean) => {
  const anyText = fc.oneof({ weight: 4, arbitrary: text }, fc.constant(null), jsonValue(digits));
  const json = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.array(fc.tuple(key(digits), jsonValue(digits)), { maxLength: 5 }).map(Object.fromEntries),
    },
    fc.constant(null),
    jsonValue(digits),
  );
  const model = {
    seq: fc.oneof(fc.nat(), number),
    at: fc.oneof({ weight: 4, arbitrary: instant }, anyText),
    actorId: anyText,
    actorRole: anyText,
    departmentId: anyText,
    action: anyText,
    entityType: anyText,
    entityId: anyText,
    before: json,
    after: json,
    requestId: anyText,
    ip: anyText,
    sha256: anyText,
  };
  return fc.oneof({ weight: 3, arbitrary: fc.record(model) }, fc.record(model, { requiredKeys: [] })) as fc.Arbitrary<
    Record<string, unknown>
  >;
};

const canonicalOf = (value: Record<string, unknown>) => canonicalText(value as unknown as AuditRecord);
const eventOf = (canonical: string): ExportEvent => ({
  seq: 1,
  prevHash: GENESIS_HASH,
  hash: GENESIS_HASH,
  canonical,
  actorName: '=张三',
  departmentName: null,
});

/** The cells by both ways, each with its own time format (it caches). */
function bothWays(canonical: string, zone: string) {
  const event = eventOf(canonical);
  return {
    canonical,
    cells: readableCells(event, new ZonedTimeFormat(zone)),
    parsed: readableCellsByParsing(event, new ZonedTimeFormat(zone)),
  };
}

/** Ways of breaking a text: whitespace, stray or escaped characters, other number forms, cuts. */
const INSERTS = [
  ' ',
  '\n',
  '\t',
  '\r',
  '\\',
  '"',
  ',',
  ':',
  '{',
  '}',
  '[',
  ']',
  '0',
  '-',
  '.',
  'e',
  '\u0000',
  '\u001f',
  '\ud800',
  '\udc00',
  '\\u0041',
  '\\/',
  '\\ud800',
  '\\uDC00',
  '\\u000a',
  '\\u001F',
  '\\b',
  '1.0',
  '1e2',
  '-0',
  'null',
  '"at":"2026-01-01T00:00:00.000Z",',
  '"action":"x",',
  ',"ip":1',
  '"zzz":1,',
];
/** Other JSON spellings of the same string content (`/` is not escaped by JSON.stringify). */
const RESPELLINGS = new Map([
  ['\\n', '\\u000a'],
  ['\\t', '\\u0009'],
  ['\\"', '\\u0022'],
  ['\\\\', '\\u005c'],
  ['\\u001f', '\\u001F'],
  ['/', '\\/'],
  ['a', '\\u0061'],
  ['督', '\\u7763'],
]);
/** Members put first into an object: duplicates, integer-like keys out of JavaScript's order. */
const MEMBERS = ['"a":1,"a":2,', '"b":1,"a":1,', '"a":1,"0":2,', '"1":1,"0":2,', '"0":1,"0":2,', '"0":1,', '" ":1,'];
const mutation = fc.oneof(
  fc.tuple(fc.constant('insert'), fc.nat(), fc.constantFrom(...INSERTS)),
  fc.tuple(fc.constant('insert'), fc.nat(), hostileText(3)),
  fc.tuple(fc.constant('delete'), fc.nat(), fc.integer({ min: 1, max: 3 })),
  fc.tuple(fc.constant('truncate'), fc.nat(), fc.constant(0)),
  fc.tuple(fc.constant('escape'), fc.nat(), fc.boolean()),
  fc.tuple(fc.constant('respell'), fc.nat(), fc.constantFrom(...RESPELLINGS.keys())),
  fc.tuple(fc.constant('object'), fc.nat(), fc.constantFrom(...MEMBERS)),
  fc.tuple(
    fc.constant('number'),
    fc.nat(),
    fc.constantFrom(
      '1.0',
      '1e2',
      '1E2',
      '1e+2',
      '-0',
      '01',
      '0.10',
      '-0.0',
      '1e999',
      '100000000000000000000000',
      '5e-7',
    ),
  ),
);
type Mutation = [string, number, string | number | boolean];

function mutate(canonical: string, [kind, at, arg]: Mutation): string {
  const p = at % (canonical.length + 1);
  switch (kind) {
    case 'insert':
      return canonical.slice(0, p) + String(arg) + canonical.slice(p);
    case 'delete':
      return canonical.slice(0, p) + canonical.slice(p + Number(arg));
    case 'truncate':
      return canonical.slice(0, p);
    case 'escape': {
      // One character written as a \u escape (lower or upper case hex), inside a string or not.
      const code = canonical.charCodeAt(p);
      if (Number.isNaN(code)) return canonical;
      const hex = code.toString(16).padStart(4, '0');
      return `${canonical.slice(0, p)}\\u${arg ? hex.toUpperCase() : hex}${canonical.slice(p + 1)}`;
    }
    case 'respell': {
      // The nth occurrence of a piece of text spelt another way.
      const from = String(arg);
      const hits = [...canonical.matchAll(new RegExp(from.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'), 'g'))];
      const hit = hits.length > 0 ? hits[p % hits.length] : undefined;
      if (hit?.index === undefined) return canonical;
      return canonical.slice(0, hit.index) + (RESPELLINGS.get(from) ?? from) + canonical.slice(hit.index + from.length);
    }
    case 'object': {
      const opens = [...canonical.matchAll(/\{/g)];
      const hit = opens.length > 0 ? opens[p % opens.length] : undefined;
      if (hit?.index === undefined) return canonical;
      const rest = canonical.slice(hit.index + 1);
      return `${canonical.slice(0, hit.index + 1)}${rest.startsWith('}') ? String(arg).slice(0, -1) : String(arg)}${rest}`;
    }
    default: {
      // A number written another way (the nth number after a colon, or a comma/bracket).
      const numbers = [...canonical.matchAll(/(?<=[:,[])-?\d[\d.eE+-]*/g)];
      const hit = numbers.length > 0 ? numbers[p % numbers.length] : undefined;
      if (hit?.index === undefined) return canonical;
      return canonical.slice(0, hit.index) + String(arg) + canonical.slice(hit.index + hit[0].length);
    }
  }
}

describe('Canonical members', () => {
  it('gives the text of each member of a canonical record: its value, stringified again', () => {
    fc.assert(
      fc.property(record(false), (value) => {
        const canonical = canonicalOf(value);
        const parsed = JSON.parse(canonical) as Record<string, unknown>;
        const members = canonicalMembers(canonical);
        expect({ canonical, members }).toEqual({
          canonical,
          members: RECORD_KEYS.map((k) => (k in parsed ? JSON.stringify(parsed[k]) : undefined)),
        });
      }),
      { seed: 12_2026, numRuns: 3_000 },
    );
  });

  it('knows integer-like keys come back first, ascending: other orders are left to parsing', () => {
    const members = (before: string) => canonicalMembers(`{"before":${before}}`);
    expect(members('{"0":1,"1":2,"a":3}')).not.toBeNull();
    expect(members('{"01":1,"1":2}')).toBeNull(); // "01" is not integer-like: it would follow "1"
    expect(members('{"1":1,"10":2,"9":3}')).toBeNull(); // canonical (code units), not JavaScript's order
    expect(members('{" ":1,"0":2}')).toBeNull();
    expect(members('{"4294967294":1}')).toBeNull(); // not surely an index: parsed
    expect(members('{"a":1,"a":2}')).toBeNull();
    expect(members('{"b":1,"a":2}')).toBeNull();
  });

  it.each([
    ['whitespace', '{"action": "x"}'],
    ['a duplicate member', '{"action":"x","action":"y"}'],
    ['members out of order', '{"at":"x","action":"y"}'],
    ['a member no record has', '{"action":"x","zzz":1}'],
    ['an escaped key', '{"\\u0061t":"x"}'],
    ['a number not written as String(number) writes it', '{"before":{"a":1.0}}'],
    ['an exponent', '{"before":[1e2]}'],
    ['minus zero', '{"before":[-0]}'],
    ['an escaped slash', '{"before":["\\/"]}'],
    ['an escaped letter', '{"action":"\\u0041"}'],
    ['an upper-case escape', '{"action":"\\u001F"}'],
    ['a lone surrogate escape', '{"action":"\\ud800"}'],
    ['a lone surrogate', '{"action":"\ud800"}'],
    ['a control character', '{"action":"\u0001"}'],
    ['invalid JSON', '{"action":"x"'],
    ['text after the object', '{"action":"x"}x'],
    ['a top level that is not an object', '["action"]'],
  ])('leaves %s to parsing', (_, canonical) => {
    expect(canonicalMembers(canonical)).toBeNull();
    const { cells, parsed } = bothWays(canonical, 'UTC');
    expect(cells).toEqual(parsed);
  });
});

/**
 * readableCells finds without parsing what readableCellsByParsing (the definition) finds, for any
 * record canonicalised, and for any text at all: broken, reordered, with whitespace, duplicates.
 */
describe('Readable cells without parsing (property)', () => {
  it('are the parsed record’s for any canonical record', () => {
    let scanned = 0;
    fc.assert(
      fc.property(record(true), fc.constantFrom(...ZONES), (value, zone) => {
        const result = bothWays(canonicalOf(value), zone);
        expect(result.cells).toEqual(result.parsed);
        if (canonicalMembers(result.canonical) !== null) scanned++;
      }),
      { seed: 12_2026, numRuns: 4_000 },
    );
    // Most were found without parsing (the others: integer-like keys in JavaScript's order).
    expect(scanned).toBeGreaterThan(2_000);
  });

  it('are the parsed record’s for broken, reordered or spaced texts', () => {
    let changedButScanned = 0;
    fc.assert(
      fc.property(
        record(true),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...ZONES),
        (value, mutations, zone) => {
          const original = canonicalOf(value);
          const canonical = mutations.reduce((t, m) => mutate(t, m as Mutation), original);
          const result = bothWays(canonical, zone);
          expect(result.cells).toEqual(result.parsed);
          if (canonical !== original && canonicalMembers(canonical) !== null) changedButScanned++;
        },
      ),
      { seed: 12_2026, numRuns: 6_000 },
    );
    // Some changes keep the form (a character inserted into a string…): those are found without parsing too.
    expect(changedButScanned).toBeGreaterThan(100);
  });

  it('are the parsed record’s for texts JSON.stringify writes (any key order, spaces, any top level)', () => {
    fc.assert(
      fc.property(
        record(true),
        fc.constantFrom(undefined, 1, '\t'),
        fc.boolean(),
        jsonValue(true),
        (value, space, reversed, other) => {
          const entries = Object.entries(value);
          const reordered = Object.fromEntries(reversed ? entries.reverse() : entries);
          for (const canonical of [JSON.stringify(reordered, null, space), JSON.stringify(other)]) {
            const result = bothWays(canonical, 'Asia/Shanghai');
            expect(result.cells).toEqual(result.parsed);
          }
        },
      ),
      { seed: 12_2026, numRuns: 2_000 },
    );
  });

  it('are the parsed record’s for the records the api writes, without parsing', () => {
    const value: AuditRecord = {
      seq: 7,
      at: '2026-11-27T07:04:05.123Z',
      actorId: null,
      actorRole: 'admin',
      departmentId: null,
      action: '=cmd',
      entityType: 'department',
      entityId: 'e"1\\',
      before: { name: '旧\n名', list: [1, -2.5, 1e21, true, null], '0': 'zero' },
      after: null,
      requestId: '-r',
      ip: '127.0.0.1',
      sha256: null,
    };
    const canonical = canonicalText(value);
    expect(canonicalMembers(canonical)).not.toBeNull();
    const { cells, parsed } = bothWays(canonical, 'Asia/Shanghai');
    expect(cells).toEqual(parsed);
    expect(cells).toEqual([
      '2026-11-27T15:04:05.123+08:00',
      "'=张三",
      'admin',
      '',
      "'=cmd",
      'department',
      'e"1\\',
      '{"0":"zero","list":[1,-2.5,1e+21,true,null],"name":"旧\\n名"}',
      '',
      "'-r",
      '127.0.0.1',
      '',
    ]);
  });
});
