/** Excel's limit for the text of one cell (UTF-16 code units). */
export const CELL_MAX_CHARS = 32_767;

// A spreadsheet evaluates a cell starting with one of these as a formula (CSV/DDE injection).
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
// Characters XML 1.0 cannot carry (an XLSX holding one does not open), lone surrogates included.
export const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Whether a text needs any of readableCell's replacements (NOT_XML, or a carriage return): most do not.
// eslint-disable-next-line no-control-regex
const NEEDS_REPLACING = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;
const TRUNCATED = '…[truncated; the full value is in canonical]';

/** Cuts `text` to at most `max` UTF-16 code units without splitting a surrogate pair. */
export function cutWithoutSplittingPairs(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** A leading `'` before text a spreadsheet would run as a formula (CSV/DDE injection). */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

/**
 * The text of a cell meant for reading (not for verification): characters a spreadsheet file
 * cannot hold replaced, line breaks as `\n` (an XLSX round trip turns `\r` into `\n`), cut to
 * what one cell holds, and a leading `'` before `=`, `+`, `-`, `@`, tab or carriage return so that
 * no spreadsheet runs it as a formula. CSV and XLSX use the same text, so the offline verifier can
 * recompute it from the hashed event and compare.
 */
export function readableCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const formula = FORMULA_TRIGGERS.has(value.charAt(0));
  if (value.length < CELL_MAX_CHARS && !NEEDS_REPLACING.test(value)) return formula ? `'${value}` : value;
  let text = value.replace(NOT_XML, '\uFFFD').replace(/\r\n?/g, '\n');
  // One character is kept free for the leading quote.
  if (text.length > CELL_MAX_CHARS - 1) {
    text = cutWithoutSplittingPairs(text, CELL_MAX_CHARS - 1 - TRUNCATED.length) + TRUNCATED;
  }
  return formula ? `'${text}` : text;
}
