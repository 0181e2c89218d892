import type { AuditRecord } from '../audit';

/**
 * The members of a canonical audit text without parsing it: a scanner for the one shape the api
 * writes (RFC 8785: keys sorted, no whitespace, `JSON.stringify`'s string and number forms), for
 * the export's hot path. It answers only when it is sure, and null for anything else — the caller
 * then parses (audit-export-layout.ts `readableCellsByParsing`, the definition).
 *
 * It accepts a text only when every value in it is in "stringify form": written exactly as
 * `JSON.stringify(JSON.parse(value))` would write it again — no whitespace, strings escaped as
 * `JSON.stringify` escapes them (no `\/`, no `\u0041`, lowercase `\u001f`, no lone surrogate),
 * numbers as `String(number)` writes them (no `1.0`, `1e2`, `-0`), and object keys in the order
 * JavaScript gives them back (integer-like keys first, ascending; the rest without duplicates,
 * here: ascending). The top level is an object of RECORD_KEYS members only, in that order (so
 * none twice), each key written plainly. So each member's text is its parsed value stringified
 * again, and the text is valid JSON (what JSON.parse would refuse is never in that form).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;

// Deeper values are left to JSON.parse (no deep recursion here).
const MAX_DEPTH = 64;
// Integer-like keys JavaScript surely orders first (array indices go up to 2^32 − 2).
const SURE_INDEX = /^(?:0|[1-9]\d{0,8})$/;
const DIGITS = /^\d+$/;
// Any character a string may hold only escaped or paired; most canonical texts have none, and then
// each string simply ends at the next quote.
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\\\u0000-\u001f\ud800-\udfff]/;
// Whether the text being scanned is free of NOT_PLAIN (set by canonicalMembers for its scan).
let plain = false;

const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isLowerHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66);

/** The members of an audit record (AuditRecord), in canonical order (UTF-16 code units). */
export const RECORD_KEYS = [
  'action',
  'actorId',
  'actorRole',
  'after',
  'at',
  'before',
  'departmentId',
  'entityId',
  'entityType',
  'ip',
  'requestId',
  'seq',
  'sha256',
] as const satisfies readonly (keyof AuditRecord)[];
const KEY_HEADS = RECORD_KEYS.map((key) => `"${key}":`);
const NO_MEMBERS: (string | undefined)[] = RECORD_KEYS.map(() => undefined);

/**
 * The members of the canonical text of an audit record: the text of each member's value, by
 * RECORD_KEYS position (undefined when the record lacks it), or null when `text` is not surely in
 * the form described above or holds a member that is not a RECORD_KEYS one.
 */
export function canonicalMembers(text: string): (string | undefined)[] | null {
  if (text.charCodeAt(0) !== OPEN_BRACE) return null;
  plain = !NOT_PLAIN.test(text);
  const members = NO_MEMBERS.slice();
  let i = 1;
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1 === text.length ? members : null;
  // Keys in RECORD_KEYS order, each once (some may be missing).
  let k = 0;
  for (;;) {
    while (k < KEY_HEADS.length && !startsWithAt(text, KEY_HEADS[k] as string, i)) k++;
    if (k === KEY_HEADS.length) return null;
    const valueStart = i + (KEY_HEADS[k] as string).length;
    const valueEnd = valueEndOf(text, valueStart, 1);
    if (valueEnd < 0) return null;
    members[k++] = text.slice(valueStart, valueEnd);
    const next = text.charCodeAt(valueEnd);
    if (next === CLOSE_BRACE) return valueEnd + 1 === text.length ? members : null;
    if (next !== COMMA) return null;
    i = valueEnd + 1;
  }
}

/** text.startsWith(head, i), for short heads (a loop is quicker than the call). */
function startsWithAt(text: string, head: string, i: number): boolean {
  for (let j = 0; j < head.length; j++) if (text.charCodeAt(i + j) !== head.charCodeAt(j)) return false;
  return true;
}

/** The index after the value starting at `i`, or −1 when it is not in stringify form. */
function valueEndOf(text: string, i: number, depth: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return stringEnd(text, i);
  if (c === MINUS || isDigit(c)) return numberEnd(text, i);
  if (c === OPEN_BRACE) return depth < MAX_DEPTH ? objectEnd(text, i, depth + 1) : -1;
  if (c === OPEN_BRACKET) return depth < MAX_DEPTH ? arrayEnd(text, i, depth + 1) : -1;
  if (startsWithAt(text, 'null', i) || startsWithAt(text, 'true', i)) return i + 4;
  if (startsWithAt(text, 'false', i)) return i + 5;
  return -1;
}

/** After the string opening at `i` (escapes and characters exactly as JSON.stringify writes them). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  if (plain) {
    const end = text.indexOf('"', j);
    return end < 0 ? -1 : end + 1;
  }
  for (;;) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    // (NaN past the end fails every test below but the last.)
    if (c < 0x20 || Number.isNaN(c)) return -1;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(j + 1);
      if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        j += 2; // \" \\ \b \f \n \r \t
        continue;
      }
      // \u00XX only for the other control characters, in lowercase (lone surrogates: left to JSON.parse).
      if (e !== 0x75 || text.charCodeAt(j + 2) !== ZERO || text.charCodeAt(j + 3) !== ZERO) return -1;
      const high = text.charCodeAt(j + 4);
      const low = text.charCodeAt(j + 5);
      if ((high !== ZERO && high !== ZERO + 1) || !isLowerHex(low)) return -1;
      const unit = (high - ZERO) * 16 + (isDigit(low) ? low - ZERO : low - 0x61 + 10);
      if (unit === 0x08 || unit === 0x09 || unit === 0x0a || unit === 0x0c || unit === 0x0d) return -1;
      j += 6;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      // Only whole surrogate pairs (JSON.stringify writes a lone one as an escape).
      const next = text.charCodeAt(j + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return -1;
      j += 2;
      continue;
    }
    j++;
  }
}

/** After the number starting at `i`, when it is written as String(number) writes it. */
function numberEnd(text: string, i: number): number {
  let j = i;
  if (text.charCodeAt(j) === MINUS) j++;
  const first = text.charCodeAt(j);
  if (!isDigit(first)) return -1;
  j++;
  if (first !== ZERO) while (isDigit(text.charCodeAt(j))) j++;
  const integerEnd = j;
  if (text.charCodeAt(j) === DOT) {
    j++;
    if (!isDigit(text.charCodeAt(j))) return -1;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  const e = text.charCodeAt(j);
  if (e === 0x65 || e === 0x45) {
    j++;
    const sign = text.charCodeAt(j);
    if (sign === 0x2b || sign === MINUS) j++;
    if (!isDigit(text.charCodeAt(j))) return -1;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  // Integers of up to 15 digits are their own String(number), but −0 is not.
  const negative = text.charCodeAt(i) === MINUS;
  if (j === integerEnd && integerEnd - i <= (negative ? 16 : 15)) return negative && first === ZERO ? -1 : j;
  const written = text.slice(i, j);
  return String(Number(written)) === written ? j : -1;
}

function objectEnd(text: string, i: number, depth: number): number {
  let j = i + 1;
  if (text.charCodeAt(j) === CLOSE_BRACE) return j + 1;
  // Integer-like keys come first, ascending; the others ascending too (so none is there twice).
  let lastIndex = -1;
  let lastName: string | null = null;
  for (;;) {
    if (text.charCodeAt(j) !== QUOTE) return -1;
    const keyEnd = stringEnd(text, j);
    if (keyEnd < 0) return -1;
    let key = text.slice(j + 1, keyEnd - 1);
    if (key.includes('\\')) key = JSON.parse(text.slice(j, keyEnd)) as string; // stringify form: valid JSON
    if (isDigit(key.charCodeAt(0)) && DIGITS.test(key) && (key.length === 1 || key.charCodeAt(0) !== ZERO)) {
      if (!SURE_INDEX.test(key) || lastName !== null) return -1;
      const index = Number(key);
      if (index <= lastIndex) return -1;
      lastIndex = index;
    } else {
      if (lastName !== null && !(lastName < key)) return -1;
      lastName = key;
    }
    if (text.charCodeAt(keyEnd) !== COLON) return -1;
    const valueEnd = valueEndOf(text, keyEnd + 1, depth);
    if (valueEnd < 0) return -1;
    const next = text.charCodeAt(valueEnd);
    if (next === CLOSE_BRACE) return valueEnd + 1;
    if (next !== COMMA) return -1;
    j = valueEnd + 1;
  }
}

function arrayEnd(text: string, i: number, depth: number): number {
  let j = i + 1;
  if (text.charCodeAt(j) === CLOSE_BRACKET) return j + 1;
  for (;;) {
    const valueEnd = valueEndOf(text, j, depth);
    if (valueEnd < 0) return -1;
    const next = text.charCodeAt(valueEnd);
    if (next === CLOSE_BRACKET) return valueEnd + 1;
    if (next !== COMMA) return -1;
    j = valueEnd + 1;
  }
}
