import {
  complianceOf,
  currentReportingPeriod,
  deadlineDayOf,
  deadlineOf,
  lastClosedPeriod,
  parsePeriod,
  periodContaining,
  periodRange,
  periodsBetween,
  shiftPeriod,
} from './periods';

const TZ = 'Asia/Shanghai';
/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('Reporting periods', () => {
  it.each([
    ['2021-03', { cycle: 'monthly', year: 2021, index: 3 }],
    ['2021-Q4', { cycle: 'quarterly', year: 2021, index: 4 }],
    ['2021-13', null],
    ['2021-Q5', null],
    ['21-03', null],
  ])('parses %s', (text, parsed) => {
    expect(parsePeriod(text)).toEqual(parsed);
  });

  it.each([
    ['2021-01-01', 'monthly', '2021-01'],
    ['2021-03-31', 'quarterly', '2021-Q1'],
    ['2021-04-01', 'quarterly', '2021-Q2'],
    ['2021-12-31', 'quarterly', '2021-Q4'],
  ] as const)('%s lies in the %s period %s', (date, cycle, period) => {
    expect(periodContaining(date, cycle)).toBe(period);
  });

  it('knows the first and last day of months (leap years too) and quarters', () => {
    expect(periodRange('2020-02')).toEqual({ first: '2020-02-01', last: '2020-02-29' });
    expect(periodRange('2021-02')).toEqual({ first: '2021-02-01', last: '2021-02-28' });
    expect(periodRange('2021-Q3')).toEqual({ first: '2021-07-01', last: '2021-09-30' });
  });

  it('steps across year ends', () => {
    expect(shiftPeriod('2021-12', 1)).toBe('2022-01');
    expect(shiftPeriod('2021-01', -1)).toBe('2020-12');
    expect(shiftPeriod('2021-Q1', -1)).toBe('2020-Q4');
    expect(periodsBetween('2021-11', '2022-02')).toEqual(['2021-11', '2021-12', '2022-01', '2022-02']);
    expect(periodsBetween('2021-05', '2021-04')).toEqual([]);
  });
});

describe('Report deadlines (due before 00:00 after day 5 of the next month, Shanghai time)', () => {
  it('puts the March deadline at 6 April 00:00 Shanghai (5 April 16:00 UTC)', () => {
    expect(deadlineOf('2021-03', 5, TZ).toISOString()).toBe('2021-04-05T16:00:00.000Z');
  });

  it('puts the December deadline in January of the next year, and Q1 in April', () => {
    expect(deadlineOf('2021-12', 5, TZ).toISOString()).toBe('2022-01-05T16:00:00.000Z');
    expect(deadlineOf('2021-Q1', 5, TZ).toISOString()).toBe('2021-04-05T16:00:00.000Z');
  });

  it('names the due day itself as the last day to report on (the deadline is 00:00 of the next day)', () => {
    expect(deadlineDayOf(deadlineOf('2021-03', 5, TZ), TZ)).toBe('2021-04-05');
    expect(deadlineDayOf(deadlineOf('2021-12', 5, TZ), TZ)).toBe('2022-01-05');
    expect(deadlineDayOf(deadlineOf('2021-01', 28, TZ), 'UTC')).toBe('2021-02-28');
  });

  it('follows REPORT_DUE_DAY', () => {
    expect(deadlineOf('2021-01', 28, TZ).toISOString()).toBe('2021-02-28T16:00:00.000Z');
    expect(deadlineOf('2021-01', 1, TZ).toISOString()).toBe('2021-02-01T16:00:00.000Z');
  });

  it.each([
    ['2021-04-03T10:00:00', '2021-03'],
    ['2021-04-05T23:59:59', '2021-03'],
    ['2021-04-06T00:00:00', '2021-04'],
    ['2021-04-30T12:00:00', '2021-04'],
  ])('at %s (Shanghai) the current reporting period is %s', (local, period) => {
    expect(currentReportingPeriod(sh(local), 'monthly', 5, TZ)).toBe(period);
  });

  it('closes a period at its deadline', () => {
    expect(lastClosedPeriod(sh('2021-04-05T23:59:59'), 'monthly', 5, TZ)).toBe('2021-02');
    expect(lastClosedPeriod(sh('2021-04-06T00:00:00'), 'monthly', 5, TZ)).toBe('2021-03');
    expect(currentReportingPeriod(sh('2021-05-01T09:00:00'), 'quarterly', 5, TZ)).toBe('2021-Q2');
    expect(currentReportingPeriod(sh('2021-07-05T09:00:00'), 'quarterly', 5, TZ)).toBe('2021-Q2');
  });

  it('is computed in business time whatever the server zone: 5 April 17:00 UTC is already 6 April in Shanghai', () => {
    expect(currentReportingPeriod(new Date('2021-04-05T17:00:00Z'), 'monthly', 5, TZ)).toBe('2021-04');
  });
});

describe('Compliance of a period', () => {
  const deadline = deadlineOf('2021-03', 5, TZ);
  it.each([
    ['submitted before the deadline', sh('2021-04-05T23:59:00'), sh('2021-05-01T00:00:00'), 'on_time'],
    ['submitted at the deadline', sh('2021-04-06T00:00:00'), sh('2021-05-01T00:00:00'), 'late'],
    ['never submitted, deadline passed', null, sh('2021-04-06T00:00:00'), 'missing'],
    ['never submitted, deadline ahead', null, sh('2021-04-05T08:00:00'), 'not_due'],
  ])('%s → %s', (_case, submitted, now, expected) => {
    expect(complianceOf(submitted, deadline, now)).toBe(expected);
  });
});
