import { workingCalendar } from '../calendar/working-days';
import { dueUrgeLevel, escalationDates, urgeStatus } from './urge-rules';

// Friday 2 October 2026 is a holiday in this calendar; respondBy Thursday 1 October.
const calendar = workingCalendar([{ date: '2026-10-02', kind: 'holiday' }]);
const urge = (respondedAt: Date | null = null, level: 1 | 2 | 3 = 1) => ({
  respondBy: '2026-09-30',
  respondedAt,
  level,
});

describe('Urge (催办) status', () => {
  it.each([
    ['2026-09-29', null, 'open'],
    ['2026-09-30', null, 'open'],
    ['2026-10-01', null, 'overdue'],
    ['2026-10-01', new Date('2026-09-30T10:00:00+08:00'), 'answered'],
    ['2026-10-09', new Date('2026-10-08T10:00:00+08:00'), 'answered'],
  ] as const)('on %s, answered at %s, is %s', (today, respondedAt, status) => {
    expect(urgeStatus(urge(respondedAt), today)).toBe(status);
  });
});

describe('Urge escalation', () => {
  it('reaches level 2 the day after respondBy and level 3 two working days later', () => {
    // Level 2 on Thursday 1 October; Friday 2nd is a holiday, weekend: level 3 on Tuesday 6th.
    expect(escalationDates('2026-09-30', calendar)).toEqual({ level2: '2026-10-01', level3: '2026-10-06' });
  });

  it.each([
    ['2026-09-30', 1],
    ['2026-10-01', 2],
    ['2026-10-05', 2],
    ['2026-10-06', 3],
    ['2026-12-31', 3],
  ] as const)('unanswered on %s stands at level %i', (today, level) => {
    expect(dueUrgeLevel(urge(), today, calendar)).toBe(level);
  });

  it('goes no further once answered, and never back down', () => {
    expect(dueUrgeLevel(urge(new Date('2026-10-01T12:00:00+08:00'), 2), '2026-12-31', calendar)).toBe(2);
    expect(dueUrgeLevel(urge(null, 3), '2026-09-01', calendar)).toBe(3);
  });
});
