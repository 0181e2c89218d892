import fc from 'fast-check';
import {
  type CalendarDayKind,
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  workingCalendar,
  workingDaysBetween,
} from './working-days';

// The 2026 schedule's Spring Festival: 15–23 February off, Saturdays 14 and 28 February worked.
const SPRING_FESTIVAL_2026 = workingCalendar([
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => ({
    date: `2026-02-${d}`,
    kind: 'holiday' as const,
  })),
  { date: '2026-02-14', kind: 'workday' },
  { date: '2026-02-28', kind: 'workday' },
]);
const PLAIN = workingCalendar([]);

const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** Random calendars: a few dozen exceptions of either kind around the dates generated. */
const calendar = fc
  .array(fc.tuple(date, fc.constantFrom<CalendarDayKind>('holiday', 'workday')), { maxLength: 40 })
  .map((days) => workingCalendar(days.map(([d, kind]) => ({ date: d, kind }))));
/** Calendars where some days are holidays, near the generated date so that they matter. */
const denseCalendar = fc
  .tuple(date, fc.array(fc.tuple(fc.integer({ min: -5, max: 40 }), fc.boolean()), { maxLength: 30 }))
  .map(([start, offsets]) => ({
    start,
    calendar: workingCalendar(
      offsets.map(([offset, holiday]) => ({
        date: addCalendarDays(start, offset),
        kind: holiday ? ('holiday' as const) : ('workday' as const),
      })),
    ),
  }));

describe('isWorkingDay', () => {
  it.each([
    ['2026-02-13', true, 'a Friday before the festival'],
    ['2026-02-14', true, 'a Saturday made a working day (调休)'],
    ['2026-02-16', false, 'a Monday of the festival'],
    ['2026-02-24', true, 'the Tuesday after'],
    ['2026-02-28', true, 'the second make-up Saturday'],
    ['2026-03-01', false, 'an ordinary Sunday'],
    ['2026-03-07', false, 'an ordinary Saturday'],
  ])('%s is a working day: %s (%s)', (day, expected) => {
    expect(isWorkingDay(day, SPRING_FESTIVAL_2026)).toBe(expected);
  });

  it('without exceptions is Monday to Friday', () => {
    fc.assert(
      fc.property(date, (d) => {
        const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
        expect(isWorkingDay(d, PLAIN)).toBe(weekday >= 1 && weekday <= 5);
      }),
    );
  });

  it('follows the calendar wherever it names a date', () => {
    fc.assert(
      fc.property(date, fc.constantFrom<CalendarDayKind>('holiday', 'workday'), (d, kind) => {
        expect(isWorkingDay(d, workingCalendar([{ date: d, kind }]))).toBe(kind === 'workday');
      }),
    );
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-02-12', 1, '2026-02-13'],
    ['2026-02-12', 2, '2026-02-14'],
    // Friday 13th + 3 working days skips the festival: Sat 14th, Tue 24th, Wed 25th.
    ['2026-02-13', 3, '2026-02-25'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-02-16', 0, '2026-02-24'],
    ['2026-02-24', 0, '2026-02-24'],
  ])('%s + %i working days = %s', (from, count, expected) => {
    expect(addWorkingDays(from, count, SPRING_FESTIVAL_2026)).toBe(expected);
  });

  it('lands on a working day after the start, with exactly `count` working days in between', () => {
    fc.assert(
      fc.property(denseCalendar, fc.integer({ min: 1, max: 30 }), ({ start, calendar: c }, count) => {
        const end = addWorkingDays(start, count, c);
        expect(end > start).toBe(true);
        expect(isWorkingDay(end, c)).toBe(true);
        expect(workingDaysBetween(start, end, c)).toBe(count);
      }),
    );
  });

  it('adds in steps: (d + a) + b = d + (a + b)', () => {
    fc.assert(
      fc.property(
        denseCalendar,
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 15 }),
        ({ start, calendar: c }, a, b) => {
          expect(addWorkingDays(addWorkingDays(start, a, c), b, c)).toBe(addWorkingDays(start, a + b, c));
        },
      ),
    );
  });

  it('never comes earlier for a later start or more days', () => {
    fc.assert(
      fc.property(calendar, date, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (c, d, n, k) => {
        expect(addWorkingDays(d, n + k, c) >= addWorkingDays(d, n, c)).toBe(true);
        expect(addWorkingDays(addCalendarDays(d, k), n, c) >= addWorkingDays(d, n, c)).toBe(true);
      }),
    );
  });

  it('takes 0 to mean the day itself or the next working day', () => {
    fc.assert(
      fc.property(calendar, date, (c, d) => {
        expect(addWorkingDays(d, 0, c)).toBe(nextWorkingDay(d, c, true));
        expect(addWorkingDays(d, 0, c) === d).toBe(isWorkingDay(d, c));
      }),
    );
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-01-05', -1, PLAIN)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-05', 1.5, PLAIN)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2026-02-13', '2026-02-28', SPRING_FESTIVAL_2026)).toBe(6);
    expect(workingDaysBetween('2026-02-28', '2026-02-13', SPRING_FESTIVAL_2026)).toBe(0);
  });

  it('adds up over adjacent ranges', () => {
    fc.assert(
      fc.property(calendar, date, fc.nat(60), fc.nat(60), (c, d, a, b) => {
        const mid = addCalendarDays(d, a);
        const end = addCalendarDays(mid, b);
        expect(workingDaysBetween(d, end, c)).toBe(workingDaysBetween(d, mid, c) + workingDaysBetween(mid, end, c));
      }),
    );
  });
});

describe('addCalendarDays', () => {
  it('crosses months and leap days', () => {
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
