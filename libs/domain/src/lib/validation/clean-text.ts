import * as z from 'zod';

/** The code of a field error for text holding a character the rules forbid. */
export const INVALID_CHARACTERS = 'invalid_characters';

// U+nFFFE and U+nFFFF of every plane (0–16): non-characters, like U+FDD0–U+FDEF.
const planeNonCharacters = Array.from({ length: 17 }, (_, plane) => {
  const last = plane * 0x10000 + 0xffff;
  return `\\u{${(last - 1).toString(16)}}\\u{${last.toString(16)}}`;
}).join('');

/**
 * What text may not contain (docs/rules.md): C0 controls except tab, LF and CR; DEL; C1 controls;
 * non-characters; and lone surrogates (`\p{Cs}` under the `u` flag matches only unpaired halves).
 */
const FORBIDDEN = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF${planeNonCharacters}]|\\p{Cs}`,
  'u',
);
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

/** The first character text may not hold, as `U+XXXX`, or null when the text is clean. */
export function forbiddenCharacterIn(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  const codePoint = match[0].codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text as the app stores it: without forbidden characters, NFC-normalised. For names the client
 * did not type (uploaded file names), where dropping an invisible character beats refusing the file.
 */
export function cleanedText(text: string): string {
  return text.replace(FORBIDDEN_ALL, '').normalize('NFC');
}

/**
 * Text as sent, made storable: each forbidden character becomes its escape (`\u0000`, `\u{1fffe}`).
 * For evidence of what a caller sent (a refused request's `:id`), where dropping the character would
 * hide it and keeping it cannot be stored (PostgreSQL text holds no NUL) nor exported safely.
 */
export function escapedText(text: string): string {
  return text.replace(FORBIDDEN_ALL, (character) => {
    const codePoint = character.codePointAt(0) ?? 0;
    return codePoint > 0xffff ? `\\u{${codePoint.toString(16)}}` : `\\u${codePoint.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A string that passes the one text rule of the app: a forbidden character is a 400 naming the
 * field (`invalid_characters`, checked first, nothing else reported for it); the text is then
 * NFC-normalised so that equal-looking text is stored equal. Trim and limits go after this.
 * Passwords do not use it: they are compared byte for byte.
 */
export function cleanString() {
  return z
    .string()
    .refine((text) => forbiddenCharacterIn(text) === null, {
      abort: true,
      params: { code: INVALID_CHARACTERS },
      error: (issue) => `Contains a character that is not allowed (${forbiddenCharacterIn(String(issue.input))})`,
    })
    .normalize('NFC');
}
