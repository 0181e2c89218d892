import { businessDateOf, daysBetween, startOfBusinessDate } from './business-time';

describe('Business time (Asia/Shanghai by default)', () => {
  it('is already the next day in Shanghai from 16:00 UTC', () => {
    expect(businessDateOf(new Date('2021-03-31T15:59:59Z'))).toBe('2021-03-31');
    expect(businessDateOf(new Date('2021-03-31T16:00:00Z'))).toBe('2021-04-01');
  });

  it('follows another configured zone', () => {
    expect(businessDateOf(new Date('2021-03-31T16:00:00Z'), 'Europe/Berlin')).toBe('2021-03-31');
  });

  it('starts a business date at 00:00 Shanghai time, i.e. 16:00 UTC the day before', () => {
    expect(startOfBusinessDate('2021-04-06').toISOString()).toBe('2021-04-05T16:00:00.000Z');
  });

  it('counts whole days between dates, across month ends and leap days', () => {
    expect(daysBetween('2021-02-27', '2021-03-01')).toBe(2);
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2021-03-05', '2021-03-01')).toBe(-4);
  });

  it('refuses an unknown zone or malformed date', () => {
    expect(() => businessDateOf(new Date(), 'Mars/Olympus')).toThrow();
    expect(() => startOfBusinessDate('2021-02-30')).toThrow();
  });
});
