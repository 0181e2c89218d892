import { businessDateOf, daysBetween, startOfBusinessDate } from './business-time';
import { DateTime } from 'luxon';

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

describe('businessDateOf and daysBetween without luxon, against luxon', () => {
  // A seeded generator: the same instants on every run.
  let seed = 20261203;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const zones = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Pacific/Chatham', 'Asia/Kolkata'];

  it('gives luxon’s business date for any instant and zone, around midnights and DST changes too', () => {
    const instants = [
      ...Array.from({ length: 3000 }, () => new Date(Date.UTC(1990, 0, 1) + next() * 60 * 365 * 86_400_000)),
      new Date('2021-03-14T06:59:59.999Z'),
      new Date('2021-03-14T07:00:00Z'),
      new Date('2021-12-31T15:59:59.999Z'),
      new Date('2021-12-31T16:00:00Z'),
      new Date('0999-06-01T00:00:00Z'),
      new Date('+012000-06-01T00:00:00Z'),
    ];
    for (const zone of zones) {
      for (const instant of instants) {
        expect({ zone, instant, date: businessDateOf(instant, zone) }).toEqual({
          zone,
          instant,
          date: DateTime.fromJSDate(instant, { zone }).toISODate(),
        });
      }
    }
    expect(() => businessDateOf(new Date(NaN), 'Asia/Shanghai')).toThrow(/Invalid instant/);
    expect(() => businessDateOf(new Date(), 'Mars/Olympus')).toThrow(/Invalid instant or time zone/);
  });

  it('counts luxon’s days between dates, invalid ones giving NaN as before', () => {
    const luxon = (from: string, to: string) =>
      Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
    const day = () =>
      DateTime.fromMillis(Date.UTC(2000, 0, 1) + Math.floor(next() * 40 * 365) * 86_400_000, {
        zone: 'UTC',
      }).toISODate() as string;
    for (let n = 0; n < 2000; n++) {
      const [from, to] = [day(), day()];
      expect(daysBetween(from, to)).toBe(luxon(from, to));
    }
    expect(daysBetween('2026-02-30', '2026-03-01')).toBeNaN();
    expect(luxon('2026-02-30', '2026-03-01')).toBeNaN();
    expect(daysBetween('2026-02-28', '2026-03-01T12:00')).toBe(luxon('2026-02-28', '2026-03-01T12:00'));
  });
});
