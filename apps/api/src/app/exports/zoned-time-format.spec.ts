import { DateTime } from 'luxon';
import { ZonedTimeFormat } from './zoned-time-format';

describe('Zoned time format', () => {
  it.each([
    ['Asia/Shanghai', '2026-11-27T07:04:05.123Z', '2026-11-27T15:04:05.123+08:00', '2026-11-27 15:04:05'],
    ['Asia/Shanghai', '2026-12-31T16:00:00.000Z', '2027-01-01T00:00:00.000+08:00', '2027-01-01 00:00:00'],
    ['UTC', '2026-11-27T07:04:05.000Z', '2026-11-27T07:04:05.000+00:00', '2026-11-27 07:04:05'],
    ['America/St_Johns', '2026-11-27T07:04:05.000Z', '2026-11-27T03:34:05.000-03:30', '2026-11-27 03:34:05'],
  ])('formats an instant in %s', (zone, at, iso, dateTime) => {
    const format = new ZonedTimeFormat(zone);
    expect(format.iso(at)).toBe(iso);
    expect(format.dateTime(at)).toBe(dateTime);
  });

  it('agrees with luxon across daylight-saving changes, minute by minute', () => {
    const format = new ZonedTimeFormat('Europe/Berlin');
    for (let ms = Date.UTC(2026, 2, 29, 0, 0); ms < Date.UTC(2026, 2, 29, 2, 0); ms += 60_000) {
      const at = new Date(ms).toISOString();
      expect(format.iso(at)).toBe(DateTime.fromISO(at, { zone: 'Europe/Berlin' }).toISO());
    }
  });

  it('leaves what is not a time as it is', () => {
    expect(new ZonedTimeFormat('Asia/Shanghai').iso('yesterday')).toBe('yesterday');
    expect(new ZonedTimeFormat('Asia/Shanghai').dateTime('yesterday')).toBeNull();
  });
});
