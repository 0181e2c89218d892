import { compareInboxItems, owedItemKind, reportRevisionChanges, respondByDeadline } from './inbox-rules';

describe('What a lead department member has to do about a period’s report', () => {
  const draft = (readyAt: string | null, revision = 0) => ({ status: 'draft' as const, revision, readyAt });
  it.each([
    ['nothing begun, deadline ahead', { late: false, report: null }, true, 'report_owed'],
    ['nothing begun, deadline passed', { late: true, report: null }, false, 'report_overdue'],
    ['a draft the head has not been handed', { late: false, report: draft(null) }, true, 'report_owed'],
    ['a late draft', { late: true, report: draft(null) }, false, 'report_overdue'],
    [
      'a handed-over draft, for the head',
      { late: false, report: draft('2026-12-01T00:00:00Z') },
      true,
      'draft_waiting_for_head',
    ],
    ['a handed-over draft, for staff', { late: false, report: draft('2026-12-01T00:00:00Z') }, false, null],
    [
      'a returned report',
      { late: true, report: { status: 'returned' as const, revision: 1, readyAt: null } },
      false,
      'report_returned',
    ],
    ['a revision in progress', { late: true, report: draft(null, 1) }, true, 'report_returned'],
    [
      'a submitted report',
      { late: false, report: { status: 'submitted' as const, revision: 1, readyAt: null } },
      true,
      null,
    ],
    [
      'an approved report',
      { late: true, report: { status: 'approved' as const, revision: 1, readyAt: null } },
      true,
      null,
    ],
  ] as const)('%s', (_case, slot, submits, kind) => {
    expect(owedItemKind(slot, submits)).toBe(kind);
  });
});

describe('The to-do order', () => {
  it('puts overdue items first, then the nearest deadline, items without one last, oldest first', () => {
    const items = [
      { id: 'review', overdue: false, dueAt: null, since: '2026-11-20T00:00:00Z' },
      { id: 'owed-dec', overdue: false, dueAt: '2027-01-05T16:00:00Z', since: null },
      { id: 'late-oct', overdue: true, dueAt: '2026-11-05T16:00:00Z', since: null },
      { id: 'owed-nov', overdue: false, dueAt: '2026-12-05T16:00:00Z', since: null },
      { id: 'review-older', overdue: false, dueAt: null, since: '2026-11-10T00:00:00Z' },
    ];
    expect([...items].sort(compareInboxItems).map((i) => i.id)).toEqual([
      'late-oct',
      'owed-nov',
      'owed-dec',
      'review-older',
      'review',
    ]);
  });
});

describe('What a resubmission changed against the returned revision', () => {
  const returned = {
    percentComplete: 30,
    summary: '初稿',
    problems: '',
    nextSteps: '继续',
    indicatorActuals: [
      { indicatorId: 'a', value: 1 },
      { indicatorId: 'b', value: 2 },
    ],
    final: false,
  };

  it('names each changed field with its old and new value, indicator actuals one by one', () => {
    const changes = reportRevisionChanges(returned, {
      ...returned,
      percentComplete: 40,
      summary: '补充数据',
      indicatorActuals: [
        { indicatorId: 'a', value: 1 },
        { indicatorId: 'c', value: 5 },
      ],
    });
    expect(changes).toEqual([
      { field: 'percentComplete', before: 30, after: 40 },
      { field: 'summary', before: '初稿', after: '补充数据' },
      { field: 'indicatorActuals.b', before: 2, after: null },
      { field: 'indicatorActuals.c', before: null, after: 5 },
    ]);
  });

  it('is empty when nothing changed', () => {
    expect(reportRevisionChanges(returned, { ...returned })).toEqual([]);
  });
});

describe('When an answer due by a date falls due (urges, notices, directives)', () => {
  it.each([
    ['2026-09-30', 'Asia/Shanghai', '2026-09-30T16:00:00.000Z'],
    ['2026-12-31', 'Asia/Shanghai', '2026-12-31T16:00:00.000Z'],
    ['2026-09-30', 'UTC', '2026-10-01T00:00:00.000Z'],
  ])('an answer due by %s (%s) is late from %s', (respondBy, zone, instant) => {
    expect(respondByDeadline(respondBy, zone).toISOString()).toBe(instant);
  });
});
