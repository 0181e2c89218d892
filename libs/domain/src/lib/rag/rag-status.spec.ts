import {
  type RagInput,
  type RagReport,
  computeRag,
  countedPercent,
  expectedPercent,
  countsInCompliance,
} from './rag-status';

const sh = (local: string) => new Date(`${local}+08:00`);

/** A task assigned on 2021-03-01, running the whole year, reporting monthly. */
function task(overrides: Partial<RagInput> = {}): RagInput {
  return {
    status: 'in_progress',
    startDate: '2021-03-01',
    dueDate: '2021-12-31',
    assignedAt: sh('2021-03-01T09:00:00'),
    reportingCycle: 'monthly',
    reports: [],
    now: sh('2021-03-20T10:00:00'),
    reportDueDay: 5,
    timeZone: 'Asia/Shanghai',
    ...overrides,
  };
}

function report(period: string, overrides: Partial<RagReport> = {}): RagReport {
  const submitted = sh(`${period}-25T10:00:00`);
  return {
    period,
    status: 'approved',
    percentComplete: 0,
    firstSubmittedAt: submitted,
    submittedAt: submitted,
    returnCount: 0,
    ...overrides,
  };
}

describe('RAG status', () => {
  it.each(['draft', 'completed', 'cancelled'] as const)('is none for a %s task', (status) => {
    expect(computeRag(task({ status, now: sh('2022-03-01T00:00:00') }))).toMatchObject({ rag: null, overdue: false });
  });

  it('is green for a task on schedule with nothing due yet', () => {
    expect(computeRag(task())).toMatchObject({ rag: 'green', reasons: [], overdue: false });
  });

  it('is red when the due date has passed and the task is not completed', () => {
    const result = computeRag(
      task({ dueDate: '2021-03-19', startDate: '2021-03-01', reports: [report('2021-03', { percentComplete: 90 })] }),
    );
    expect(result).toMatchObject({ rag: 'red', overdue: true });
    expect(result.reasons).toContain('overdue');
  });

  it('is not overdue on the due date itself (Shanghai), only from the next day', () => {
    const onDue = computeRag(task({ dueDate: '2021-03-20', now: sh('2021-03-20T23:59:00') }));
    expect(onDue.overdue).toBe(false);
    const after = computeRag(task({ dueDate: '2021-03-20', now: sh('2021-03-21T00:00:00') }));
    expect(after.overdue).toBe(true);
  });

  it('is amber when the last closed period is missing', () => {
    // On 10 April, March (owed from 1 March) has closed without a report.
    const result = computeRag(task({ now: sh('2021-04-10T10:00:00') }));
    expect(result).toMatchObject({ rag: 'amber', lastClosedPeriod: '2021-03', lastClosedCompliance: 'missing' });
    expect(result.reasons).toEqual(['last_period_missing']);
  });

  it('is red when the last two closed periods are both missing', () => {
    const result = computeRag(task({ now: sh('2021-05-10T10:00:00') }));
    expect(result.rag).toBe('red');
    expect(result.reasons).toContain('two_periods_missing');
  });

  it('counts a late report as submitted, not missing', () => {
    const late = report('2021-03', {
      firstSubmittedAt: sh('2021-04-08T10:00:00'),
      submittedAt: sh('2021-04-08T10:00:00'),
      percentComplete: 10,
    });
    const result = computeRag(task({ now: sh('2021-04-10T10:00:00'), reports: [late] }));
    expect(result).toMatchObject({ rag: 'green', lastClosedCompliance: 'late' });
  });

  it('owes nothing for periods before the assignment (no missing before it)', () => {
    const result = computeRag(
      task({ startDate: '2021-01-01', assignedAt: sh('2021-04-02T09:00:00'), now: sh('2021-04-10T10:00:00') }),
    );
    expect(result.lastClosedCompliance).toBeNull();
    expect(result.reasons).not.toContain('last_period_missing');
  });

  it('is red when the current or last closed period’s report has been returned twice and is not approved', () => {
    const twice = report('2021-03', { status: 'returned', returnCount: 2 });
    expect(computeRag(task({ now: sh('2021-04-02T10:00:00'), reports: [twice] })).reasons).toContain('returned_twice');
    const approvedAfterTwo = report('2021-03', { status: 'approved', returnCount: 2 });
    expect(computeRag(task({ now: sh('2021-04-02T10:00:00'), reports: [approvedAfterTwo] })).rag).toBe('green');
    const once = report('2021-03', { status: 'returned', returnCount: 1 });
    expect(computeRag(task({ now: sh('2021-04-02T10:00:00'), reports: [once] })).rag).toBe('green');
  });

  it('is amber when percent lags the elapsed share of [start, due] by more than 15 points', () => {
    // Start 1 March, due 31 December: on 1 July about 40 % of the time has passed.
    const base = { now: sh('2021-07-01T10:00:00'), reports: [] as RagReport[] };
    const months = ['2021-03', '2021-04', '2021-05', '2021-06'];
    const onTrack = months.map((p, i) => report(p, { percentComplete: i === 3 ? 30 : 10 }));
    expect(computeRag(task({ ...base, reports: onTrack }))).toMatchObject({ rag: 'green', expectedPercent: 40 });
    const behind = months.map((p, i) => report(p, { percentComplete: i === 3 ? 20 : 10 }));
    const result = computeRag(task({ ...base, reports: behind }));
    expect(result).toMatchObject({ rag: 'amber', reasons: ['behind_schedule'], percentComplete: 20 });
  });

  it('expects 100 % once today reaches the due date', () => {
    expect(expectedPercent('2021-03-01', '2021-03-31', '2021-03-31')).toBe(100);
    expect(expectedPercent('2021-03-01', '2021-03-31', '2021-03-16')).toBe(50);
    expect(expectedPercent('2021-03-01', '2021-03-31', '2021-02-01')).toBe(0);
  });

  it('starts the schedule at the later of the start date and the assignment date', () => {
    const result = computeRag(
      task({ startDate: '2021-01-01', assignedAt: sh('2021-03-01T09:00:00'), now: sh('2021-03-20T10:00:00') }),
    );
    expect(result.expectedPercent).toBe(Math.round((100 * 19) / 305));
  });

  it('counts only submitted or approved reports, the latest period first', () => {
    expect(
      countedPercent([
        report('2021-03', { percentComplete: 30 }),
        report('2021-04', { percentComplete: 60, status: 'draft' }),
        report('2021-05', { percentComplete: 50, status: 'returned' }),
        report('2021-04', { percentComplete: 40, status: 'submitted' }),
      ]),
    ).toBe(40);
    expect(countedPercent([])).toBe(0);
  });
});

describe('countsInCompliance', () => {
  const task = {
    status: 'in_progress' as const,
    startDate: '2026-03-10',
    assignedAt: new Date('2026-03-01T02:00:00Z'),
    reportingCycle: 'monthly' as const,
    timeZone: 'Asia/Shanghai',
  };

  it('counts an open task from its first owed period on', () => {
    expect(countsInCompliance(task, '2026-02')).toBe(false);
    expect(countsInCompliance(task, '2026-03')).toBe(true);
    expect(countsInCompliance({ ...task, status: 'assigned' }, '2026-04')).toBe(true);
  });

  it('does not count drafts, completed or cancelled tasks, nor a task never assigned or started', () => {
    for (const status of ['draft', 'completed', 'cancelled'] as const) {
      expect(countsInCompliance({ ...task, status }, '2026-04')).toBe(false);
    }
    expect(countsInCompliance({ ...task, startDate: null, assignedAt: null }, '2026-04')).toBe(false);
  });
});
