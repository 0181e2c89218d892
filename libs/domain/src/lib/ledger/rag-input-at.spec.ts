import { computeRag } from '../rag/rag-status';
import {
  type ReportHistory,
  type ReportRevisionFacts,
  type TaskHistory,
  dueDateAt,
  ragInputAt,
  ragReportAt,
  revisionAt,
  taskStatusAt,
} from './rag-input-at';

const sh = (local: string) => new Date(`${local}+08:00`);
const settings = { reportDueDay: 5, timeZone: 'Asia/Shanghai' };

function revision(n: number, submitted: string, overrides: Partial<ReportRevisionFacts> = {}): ReportRevisionFacts {
  return {
    revision: n,
    percentComplete: 10 * n,
    indicatorActuals: [],
    submittedAt: sh(submitted),
    decision: null,
    reviewedAt: null,
    score: null,
    ...overrides,
  };
}

function report(
  period: string,
  revisions: ReportRevisionFacts[],
  overrides: Partial<ReportHistory> = {},
): ReportHistory {
  const last = revisions[revisions.length - 1];
  return {
    period,
    status: 'approved',
    percentComplete: last?.percentComplete ?? 0,
    indicatorActuals: [],
    firstSubmittedAt: revisions[0]?.submittedAt ?? null,
    submittedAt: last?.submittedAt ?? null,
    returnCount: revisions.filter((r) => r.decision === 'return').length,
    revisions,
    ...overrides,
  };
}

function task(overrides: Partial<TaskHistory> = {}): TaskHistory {
  return {
    status: 'in_progress',
    startDate: '2021-03-01',
    dueDate: '2021-12-31',
    assignedAt: sh('2021-03-01T09:00:00'),
    closedAt: null,
    reportingCycle: 'monthly',
    dueDateChanges: [],
    reports: [],
    ...overrides,
  };
}

// The March report: submitted 1 April, returned 3 April, resubmitted 8 April (after the deadline), approved 9 April.
const march = report('2021-03', [
  revision(1, '2021-04-01T10:00:00', { decision: 'return', reviewedAt: sh('2021-04-03T10:00:00'), score: 40 }),
  revision(2, '2021-04-08T10:00:00', { decision: 'approve', reviewedAt: sh('2021-04-09T10:00:00'), score: 85 }),
]);

describe('Report as it stood at an instant', () => {
  it('is nothing before its first submission', () => {
    expect(ragReportAt(march, sh('2021-04-01T09:59:59'))).toBeNull();
  });

  it.each([
    ['2021-04-02T00:00:00', 'submitted', 10, 0, 1],
    ['2021-04-06T00:00:00', 'returned', 10, 1, 1],
    ['2021-04-08T12:00:00', 'submitted', 20, 1, 2],
    ['2021-04-10T00:00:00', 'approved', 20, 1, 2],
  ])('at %s it was %s with %p %% and %p return(s) (revision %p)', (at, status, percent, returns, rev) => {
    expect(ragReportAt(march, sh(at))).toMatchObject({
      period: '2021-03',
      status,
      percentComplete: percent,
      returnCount: returns,
      firstSubmittedAt: sh('2021-04-01T10:00:00'),
    });
    expect(revisionAt(march, sh(at))?.revision).toBe(rev);
  });

  it('falls back to the stored row when no revision was recorded', () => {
    const legacy = report('2021-03', [], {
      status: 'submitted',
      percentComplete: 35,
      firstSubmittedAt: sh('2021-03-30T10:00:00'),
      submittedAt: sh('2021-03-30T10:00:00'),
    });
    expect(ragReportAt(legacy, sh('2021-04-06T00:00:00'))).toMatchObject({ status: 'submitted', percentComplete: 35 });
  });
});

describe('Task as it stood at an instant', () => {
  it('was a draft before its assignment', () => {
    expect(taskStatusAt(task(), sh('2021-02-28T10:00:00'))).toBe('draft');
  });

  it('was assigned until its first report was submitted, then in progress', () => {
    const t = task({ reports: [march] });
    expect(taskStatusAt(t, sh('2021-03-20T10:00:00'))).toBe('assigned');
    expect(taskStatusAt(t, sh('2021-04-02T10:00:00'))).toBe('in_progress');
  });

  it('keeps its final status only from the moment it was closed', () => {
    const t = task({ status: 'completed', closedAt: sh('2021-05-10T10:00:00'), reports: [march] });
    expect(taskStatusAt(t, sh('2021-05-06T00:00:00'))).toBe('in_progress');
    expect(taskStatusAt(t, sh('2021-05-10T10:00:00'))).toBe('completed');
  });

  it('had the due date in force then: later amendments are undone', () => {
    const t = task({
      dueDate: '2021-09-30',
      dueDateChanges: [
        { at: sh('2021-06-01T10:00:00'), before: '2021-04-30', after: '2021-06-30' },
        { at: sh('2021-07-01T10:00:00'), before: '2021-06-30', after: '2021-09-30' },
      ],
    });
    expect(dueDateAt(t, sh('2021-05-06T00:00:00'))).toBe('2021-04-30');
    expect(dueDateAt(t, sh('2021-06-15T00:00:00'))).toBe('2021-06-30');
    expect(dueDateAt(t, sh('2021-08-01T00:00:00'))).toBe('2021-09-30');
  });
});

describe('RAG input at an instant', () => {
  it('makes computeRag answer as it would have then: red in April, green once the report came in', () => {
    // Owed from March; nothing submitted for February–March… only the March report, late.
    const t = task({
      startDate: '2021-02-01',
      assignedAt: sh('2021-02-01T09:00:00'),
      reports: [report('2021-03', [revision(1, '2021-04-08T10:00:00', { percentComplete: 20 })])],
    });
    const atAprilClose = computeRag(ragInputAt(t, sh('2021-04-06T00:00:00'), settings));
    expect(atAprilClose).toMatchObject({ rag: 'red', lastClosedPeriod: '2021-03', lastClosedCompliance: 'missing' });
    expect(atAprilClose.reasons).toContain('two_periods_missing');
    expect(ragInputAt(t, sh('2021-04-06T00:00:00'), settings).reports).toEqual([]);
    const later = computeRag(ragInputAt(t, sh('2021-04-10T00:00:00'), settings));
    expect(later.lastClosedCompliance).toBe('late');
  });

  it('carries the instant as `now` and the task facts of then', () => {
    const input = ragInputAt(task({ reports: [march] }), sh('2021-04-06T00:00:00'), settings);
    expect(input).toMatchObject({ status: 'in_progress', now: sh('2021-04-06T00:00:00'), reportDueDay: 5 });
    expect(input.reports).toEqual([expect.objectContaining({ status: 'returned', returnCount: 1 })]);
  });
});
