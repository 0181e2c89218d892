import { CELL_MAX_CHARS, cutWithoutSplittingPairs, readableCell } from './spreadsheet-cell';

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
});
