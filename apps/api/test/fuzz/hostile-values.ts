import fc from 'fast-check';

/** A JSON token written verbatim: numbers JSON.stringify cannot write (1e309, -0) and nesting it would choke on. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold RawJson tokens; own `__proto__` keys are written like any other. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${toJsonText((value as Record<string, unknown>)[key])}`,
    );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An object with the given own keys, `__proto__` included (a literal would set the prototype instead). */
export function objectWith(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true });
  return object;
}

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

/** Characters the text rule forbids: C0 (but tab, LF, CR), DEL, C1, lone surrogates, non-characters. */
export const forbiddenCharacter: fc.Arbitrary<string> = fc.oneof(
  // NUL most often: PostgreSQL refuses it in text, so it is the one that used to end in a 500.
  { weight: 4, arbitrary: fc.constant('\u0000') },
  codePoint(0x00, 0x08),
  fc.constantFrom('\u000B', '\u000C'),
  codePoint(0x0e, 0x1f),
  fc.constant('\u007F'),
  codePoint(0x80, 0x9f),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  codePoint(0xfdd0, 0xfdef),
  fc.integer({ min: 0, max: 16 }).chain((plane) => codePoint(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff)),
);

/** A character the rule accepts, from any plane: the Basic Multilingual Plane, the astral planes, CJK, marks. */
const allowedCharacter: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: codePoint(0x20, 0x7e) },
    { weight: 3, arbitrary: codePoint(0x4e00, 0x9fff) },
    { weight: 2, arbitrary: codePoint(0xa0, 0xd7ff) },
    { weight: 1, arbitrary: codePoint(0xe000, 0xfffd) },
    { weight: 2, arbitrary: codePoint(0x10000, 0x10fffd) },
    { weight: 1, arbitrary: fc.constantFrom('\t', '\n', '\r', '\u0301', '\u200D', '\u202E', '\uFEFF', '\u3000') },
  )
  .filter((c) => !/[\uFDD0-\uFDEF]/u.test(c) && (c.codePointAt(0) ?? 0) % 0x10000 < 0xfffe);

/** Text the api must accept and give back equal (NFC, trimmed): every plane, combining marks, odd spaces. */
export function cleanText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(allowedCharacter, { minLength, maxLength })
    .map((chars) => chars.join(''))
    .map((text) => (text.trim() === '' && minLength > 0 ? `${text}局` : text));
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x1F',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '{"a":1}',
  "'",
  '%',
  '_',
  '\\',
  "'; DROP TABLE task; --",
  "%' OR '1'='1",
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '2101-01-01',
  '9999-12-31',
  '2021-02-29',
  '2021-00-10',
  '2021-12-32',
  '+002021-01-01',
  '-000001-01-01',
  '275760-09-13',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00+00:00',
  '2021-03-01T25:00:00+08:00',
  '9999-12-31T23:59:59.999Z',
  '0000-01',
  '0000-Q1',
  '9999-Q4',
  '2021-13',
  '2021-Q5',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-000000000000',
  'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA',
  '{00000000-0000-4000-8000-000000000000}',
  '000000000000400080000000000000000',
  '\u202Egnp.exe',
  '\uFEFF',
  'e' + '\u0301'.repeat(500),
  '😀'.repeat(300),
  'a'.repeat(100_000),
  '局'.repeat(6_000),
];

/** Strings that break careless code: forbidden characters, odd numbers and dates, SQL, huge, every plane. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(cleanText(0, 20), forbiddenCharacter, cleanText(0, 20))
      .map(([before, bad, after]) => `${before}${bad}${after}`),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(forbiddenCharacter, { minLength: 1, maxLength: 10 }).map((c) => c.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 5_000, maxLength: 12_000 }) },
);

const RAW_NUMBERS = ['1e309', '-1e309', '-0', '1e-400', '123456789012345678901234567890', '-9223372036854775809'];

/** Deeply nested JSON, written as text (JSON.stringify would overflow its stack on it). */
const deepJson = fc
  .tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? new RawJson('['.repeat(depth) + ']'.repeat(depth))
      : new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

const pollutingObject = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom('polluted', 'isAdmin', 'role'))
  .map(([key, inner]) =>
    objectWith([
      [
        key,
        objectWith([
          [inner, true],
          ['prototype', { polluted: true }],
        ]),
      ],
    ]),
  );

/** A value of any type, hostile: wrong types, odd numbers, huge arrays and objects, deep nesting, polluting keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 5e-324),
  },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS).map((text) => new RawJson(text)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [null], [[]], { '': '' }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => Array<number>(n).fill(1)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 500, max: 5_000 })
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: pollutingObject },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), hostileString, {
      maxKeys: 4,
    }),
  },
);

/** Extra keys an object should not have: prototype pollution and plain unknowns. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'version', 'status', 'createdById', ''),
  hostileString.map((s) => s.slice(0, 200)),
);

/** Header values fetch can send (no CR, LF or NUL; no surrounding blanks), hostile to a parser. */
export const hostileHeader: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('*', '""', '"', 'W/"1"', '"-1"', '"1.5"', '"1e309"', '"99999999999999999999"', 'null', '1', 'a b'),
    fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
    fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  )
  .map((value) => value.trim())
  .filter((value) => value.length > 0);
