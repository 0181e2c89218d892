import fc from 'fast-check';

/** Text a spreadsheet or an XML parser mangles, and text that looks like its escapes. */
const TRAPS = [
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u007F',
  '\u0085',
  '\u009F',
  '\u00A0',
  '\u2028',
  '\uFEFF',
  '\uFDD0',
  '\uFDEF',
  '\uFFFE',
  '\uFFFF',
  '\uD83F\uDFFE', // U+1FFFE
  '\uDBFF\uDFFF', // U+10FFFF
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '𠀀',
  '_x',
  '_x0041_',
  '_x005F_',
  '_X0041_',
  '__x00',
  '&lt;',
  '&amp;',
  '&#13;',
  ']]>',
  '"',
  ',',
  '=1+1',
  '@SUM',
  '\\u0000',
];

/**
 * Any text at all: code points of every plane, any single UTF-16 code unit (lone surrogates),
 * and the traps above, mixed.
 */
export const hostileText = (maxLength = 24): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
      fc.constantFrom(...TRAPS),
    ),
    maxLength,
  });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether the text holds a lone surrogate (no UTF-8 for it: PostgreSQL and RFC 8785 refuse it). */
export const hasLoneSurrogate = (text: string) => new RegExp(LONE_SURROGATE.source).test(text);

/** hostileText with lone surrogates replaced: the text that can be stored at all. */
export const storableHostileText = (maxLength = 24): fc.Arbitrary<string> =>
  hostileText(maxLength).map((text) => text.replace(LONE_SURROGATE, '\uFFFD'));
