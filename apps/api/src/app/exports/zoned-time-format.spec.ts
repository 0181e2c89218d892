import fc from 'fast-check';
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

  it('formats runs of instants, some of one minute and some not times, as a fresh formatter would', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/St_Johns', 'Australia/Lord_Howe', 'UTC'];
    const minute = Date.UTC(2026, 2, 29, 0, 59);
    const instant = fc.oneof(
      // Around a daylight-saving change, often in the same minute as the one before.
      fc.integer({ min: minute - 120_000, max: minute + 120_000 }).map((ms) => new Date(ms).toISOString()),
      fc
        .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.constantFrom(
        '2026-03-29T00:59:60.000Z',
        '2026-03-29T00:59:05Z',
        '2026-03-29T01:00:05Z',
        '2026-03-29T00:59:05.1234Z',
        'soon',
        '',
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(instant, { maxLength: 40 }), (zone, instants) => {
        const format = new ZonedTimeFormat(zone);
        for (const at of instants) {
          const fresh = new ZonedTimeFormat(zone);
          expect(format.iso(at)).toBe(fresh.iso(at));
          expect(format.dateTime(at)).toBe(new ZonedTimeFormat(zone).dateTime(at));
        }
      }),
    );
  });
});
