import type { CalendarDayView } from '@zibo/domain';
import { EMPTY_CALENDAR_DAY, calendarDayBody, weekdayOf, withDay, yearOf } from './calendar-days';

const day = (date: string, kind: CalendarDayView['kind'] = 'holiday', name = ''): CalendarDayView => ({
  date,
  kind,
  name,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('Calendar page', () => {
  it('sends the name only when one was typed', () => {
    expect(calendarDayBody({ date: '2027-01-01', kind: 'holiday', name: ' 元旦 ' })).toEqual({
      kind: 'holiday',
      name: '元旦',
    });
    expect(calendarDayBody({ ...EMPTY_CALENDAR_DAY, kind: 'workday', name: '  ' })).toEqual({ kind: 'workday' });
  });

  it('keeps the list by date, a day set again replacing the old one', () => {
    const list = [day('2027-01-01'), day('2027-02-10')];
    expect(withDay(list, day('2027-01-20')).map((d) => d.date)).toEqual(['2027-01-01', '2027-01-20', '2027-02-10']);
    expect(withDay(list, day('2027-01-01', 'workday'))).toEqual([day('2027-01-01', 'workday'), day('2027-02-10')]);
  });

  it('reads the weekday and the year of a calendar date, whatever the browser’s zone', () => {
    expect(weekdayOf('2026-02-14')).toBe(6); // a Saturday worked (调休)
    expect(weekdayOf('2026-10-01')).toBe(4);
    expect(yearOf('2027-05-01')).toBe(2027);
    expect(yearOf('2027-05')).toBeNull();
  });
});
