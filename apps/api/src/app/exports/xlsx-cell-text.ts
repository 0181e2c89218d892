/**
 * Text in XLSX cells, reversibly. XML 1.0 cannot carry most control characters, U+FFFE/U+FFFF or
 * a lone surrogate (a sheet holding one does not open), XML parsers turn a carriage return into a
 * line feed, and exceljs drops U+007F and C0 controls on writing: a `canonical` holding any of
 * them would no longer match its hash. So every cell of an audit export is written with the
 * OOXML escape (ECMA-376 Part 1, 22.9.2.19 ST_Xstring) that Excel itself reads: such a UTF-16
 * code unit becomes `_xHHHH_`, and the `_` of a literal `_x` becomes `_x005F_`, so that decoding
 * restores the text exactly. C1 controls and Unicode non-characters are escaped too (a
 * spreadsheet may hold them, but nothing promises it keeps them).
 */

// Code units to escape; non-characters U+nFFFE/U+nFFFF of planes 1–16 are surrogate pairs
// (high D83F, D87F … DBFF, low DFFE/DFFF). Without the u flag: lone surrogates must match.
const SUPPLEMENTARY_NONCHARACTER_HIGH = Array.from({ length: 16 }, (_, plane) =>
  String.fromCharCode(0xd83f + plane * 0x40),
).join('');
const ESCAPED = new RegExp(
  [
    // C0 controls but tab and line feed, DEL and the C1 controls.
    '[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]',
    // BMP non-characters.
    '[\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]',
    `[${SUPPLEMENTARY_NONCHARACTER_HIGH}][\\uDFFE\\uDFFF]`,
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
    // The underscore of a literal `_x`, which a reader would otherwise take for an escape.
    '_(?=x)',
  ].join('|'),
  'g',
);
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

const escapeUnit = (unit: number) => `_x${unit.toString(16).toUpperCase().padStart(4, '0')}_`;

// Whether a text may hold anything ESCAPED matches: one pass without lookarounds, and most texts hold nothing.
// eslint-disable-next-line no-control-regex
export const MAY_NEED_ESCAPING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]|_x/;

/** The text as an XLSX cell holds it: characters a spreadsheet cannot keep as `_xHHHH_`. */
export function encodeCellText(text: string): string {
  if (!MAY_NEED_ESCAPING.test(text)) return text;
  return text.replace(ESCAPED, (match) => {
    let escaped = '';
    for (let i = 0; i < match.length; i++) escaped += escapeUnit(match.charCodeAt(i));
    return escaped;
  });
}

/** The original text of an XLSX cell written by encodeCellText (or by Excel). */
export function decodeCellText(text: string): string {
  return text.includes('_x')
    ? text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;
}
