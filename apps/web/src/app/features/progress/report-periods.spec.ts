import { aTask } from '../../testing/task-fixtures';
import { DEFAULT_CALENDAR } from '../../core/reference/business-calendar';
import { periodsWithoutReport, reportablePeriods } from './report-periods';

const at = (iso: string) => new Date(iso);

describe('Periods a report may be drafted for', () => {
  const task = aTask({ status: 'in_progress', startDate: '2026-09-01', assignedAt: '2026-09-10T02:00:00Z' });

  it('run from the period of the start (or assignment, if later) up to the period containing today', () => {
    expect(reportablePeriods(task, [], at('2026-11-27T08:00:00Z'), DEFAULT_CALENDAR).periods).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
    ]);
  });

  it('begin with the assignment when the task was assigned after its start date', () => {
    const late = aTask({ startDate: '2026-01-01', assignedAt: '2026-11-02T01:00:00Z' });

    expect(reportablePeriods(late, [], at('2026-11-27T08:00:00Z'), DEFAULT_CALENDAR).periods).toEqual(['2026-11']);
  });

  it('leave out periods that already have a report', () => {
    const choice = reportablePeriods(
      task,
      [{ period: '2026-11' }, { period: '2026-09' }],
      at('2026-11-27T08:00:00Z'),
      DEFAULT_CALENDAR,
    );

    expect(choice.periods).toEqual(['2026-10']);
  });

  it('suggest the current reporting period: on 3 December that is still November', () => {
    const choice = reportablePeriods(task, [], at('2026-12-03T02:00:00Z'), DEFAULT_CALENDAR);

    expect(choice.periods[0]).toBe('2026-12');
    expect(choice.suggested).toBe('2026-11');
  });

  it('use the business day: 1 December 01:00 in Shanghai is still 30 November in UTC', () => {
    expect(reportablePeriods(task, [], at('2026-11-30T17:00:00Z'), DEFAULT_CALENDAR).periods[0]).toBe('2026-12');
  });

  it('offer quarters for a quarterly task', () => {
    const quarterly = aTask({
      reportingCycle: 'quarterly',
      startDate: '2026-05-01',
      assignedAt: '2026-05-01T00:00:00Z',
    });

    expect(reportablePeriods(quarterly, [], at('2026-11-27T08:00:00Z'), DEFAULT_CALENDAR).periods).toEqual([
      '2026-Q4',
      '2026-Q3',
      '2026-Q2',
    ]);
  });

  it('offer nothing for a draft, completed or cancelled task', () => {
    for (const status of ['draft', 'completed', 'cancelled'] as const) {
      expect(reportablePeriods(aTask({ status }), [], at('2026-11-27T08:00:00Z'), DEFAULT_CALENDAR)).toEqual({
        periods: [],
        suggested: null,
      });
    }
  });

  it('count as not reported only periods up to the current reporting period', () => {
    expect(periodsWithoutReport(task, [{ period: '2026-10' }], at('2026-12-03T02:00:00Z'), DEFAULT_CALENDAR)).toEqual([
      '2026-11',
      '2026-09',
    ]);
  });
});
