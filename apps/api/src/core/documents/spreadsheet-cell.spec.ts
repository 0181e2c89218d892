import fc from 'fast-check';
import { CELL_MAX_CHARS, NOT_XML, cutWithoutSplittingPairs, readableCell } from './spreadsheet-cell';

describe('Readable cells of exports', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+86 533', `'+86 533`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\r=1', `'\n=1`],
    ['经济发展局', '经济发展局'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralises a formula: %j → %j', (value, expected) => {
    expect(readableCell(value)).toBe(expected);
  });

  it('is empty for null', () => {
    expect(readableCell(null)).toBe('');
  });

  it('replaces characters an XLSX cannot hold and normalises line breaks', () => {
    expect(readableCell('a\u0000b\u0007c\r\nd\re\uD800')).toBe('a\uFFFDb\uFFFDc\nd\ne\uFFFD');
  });

  it('cuts text to what one spreadsheet cell holds', () => {
    const cell = readableCell('审'.repeat(40_000));
    expect(cell.length).toBeLessThanOrEqual(CELL_MAX_CHARS);
    expect(cell).toContain('truncated');
  });

  it('never cuts a surrogate pair in half', () => {
    expect(cutWithoutSplittingPairs('ab𠀀', 3)).toBe('ab');
    expect(cutWithoutSplittingPairs('ab𠀀', 4)).toBe('ab𠀀');
  });

  it('gives any text, with or without characters to replace, the cell its definition says', () => {
    // The definition, step by step (readableCell skips the steps a text does not need).
    const defined = (value: string) => {
      let text = value.replace(NOT_XML, '\uFFFD').replace(/\r\n?/g, '\n');
      if (text.length > CELL_MAX_CHARS - 1) {
        text = `${cutWithoutSplittingPairs(text, CELL_MAX_CHARS - 1 - 44)}…[truncated; the full value is in canonical]`;
      }
      return /^[=+\-@\t\r]/.test(value) ? `'${text}` : text;
    };
    const awkward = fc.constantFrom(
      '\r',
      '\r\n',
      '\n',
      '\t',
      '\u0000',
      '\u001f',
      '\ud800',
      '\udc00',
      '\ud83d\ude00',
      '\ufffe',
      '=',
      '一',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(fc.oneof(awkward, fc.string({ maxLength: 5 })), { maxLength: 30 }).map((parts) => parts.join('')),
      fc
        .tuple(fc.integer({ min: CELL_MAX_CHARS - 3, max: CELL_MAX_CHARS + 2 }), awkward)
        .map(([n, c]) => 'x'.repeat(n) + c),
    );
    fc.assert(fc.property(text, (value) => expect(readableCell(value)).toBe(defined(value))));
  });
});
