import { fileSize, formatDateTime, periodLabel } from './display-format';

describe('Display formats', () => {
  it('shows instants on the business clock (Asia/Shanghai), whatever the browser zone', () => {
    expect(formatDateTime('2026-11-27T16:30:00.000Z')).toBe('2026-11-28 00:30');
    expect(formatDateTime(null)).toBe('—');
  });

  it.each([
    ['2021-03', 'zh-CN', '2021年3月'],
    ['2021-03', 'en', 'Mar 2021'],
    ['2021-Q1', 'zh-CN', '2021年第1季度'],
    ['2021-Q4', 'en', 'Q4 2021'],
  ] as const)('names period %s in %s as %s', (period, language, text) => {
    expect(periodLabel(period, language)).toBe(text);
  });

  it('gives file sizes in readable units', () => {
    expect(fileSize(830)).toBe('830 B');
    expect(fileSize(12_700)).toBe('12.4 KB');
    expect(fileSize(3_355_443)).toBe('3.2 MB');
  });
});
