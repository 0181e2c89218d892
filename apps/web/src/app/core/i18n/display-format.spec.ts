import { deadlineLabel, fileSize, formatDateTime, periodLabel } from './display-format';

describe('Display formats', () => {
  it('shows instants on the business clock (Asia/Shanghai), whatever the browser zone', () => {
    expect(formatDateTime('2026-11-27T16:30:00.000Z')).toBe('2026-11-28 00:30');
    expect(formatDateTime(null)).toBe('—');
  });

  it('words a reporting deadline as the end of its due day, the year only when it is not this one', () => {
    const now = new Date('2026-12-01T02:00:00.000Z');
    // November's deadline: 6 December 00:00 Shanghai, i.e. the end of 5 December.
    expect(deadlineLabel('2026-12-05T16:00:00.000Z', 'zh-CN', 'Asia/Shanghai', now)).toBe('12月5日 24:00前');
    expect(deadlineLabel('2026-12-05T16:00:00.000Z', 'en', 'Asia/Shanghai', now)).toBe('by 24:00, 5 Dec');
    expect(deadlineLabel('2021-04-05T16:00:00.000Z', 'zh-CN', 'Asia/Shanghai', now)).toBe('2021年4月5日 24:00前');
    expect(deadlineLabel(null, 'en')).toBe('—');
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
