import { escapeCell } from './ledger-table';

describe('Ledger cells', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+86 533', "'+86 533"],
    ['-1', "'-1"],
    ['@党建引领', "'@党建引领"],
    ['\tindented', "'\tindented"],
    ['\rreturn', "'\rreturn"],
    ['园区道路建设', '园区道路建设'],
    ['a = b', 'a = b'],
    ['', ''],
  ])('escapes %j as %j against formula injection', (value, expected) => {
    expect(escapeCell(value)).toBe(expected);
  });

  it('keeps numbers and empty cells as they are', () => {
    expect(escapeCell(-5)).toBe(-5);
    expect(escapeCell(95.5)).toBe(95.5);
    expect(escapeCell(null)).toBeNull();
  });

  it('replaces characters a spreadsheet file cannot hold', () => {
    expect(escapeCell('a\u0000b\u0007c\nd')).toBe('a\uFFFDb\uFFFDc\nd');
  });

  it('cuts text to what one cell holds, without splitting a surrogate pair', () => {
    const long = escapeCell('字'.repeat(40_000)) as string;
    expect(long).toHaveLength(32_767);
    expect(long.endsWith('…')).toBe(true);
    const emoji = escapeCell('x' + '😀'.repeat(20_000)) as string;
    expect(emoji.length).toBeLessThanOrEqual(32_767);
    expect(/[\uD800-\uDBFF]…$/.test(emoji)).toBe(false);
  });
});
