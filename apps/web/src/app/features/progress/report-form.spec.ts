import { type IndicatorView, checkSubmittable } from '@zibo/domain';
import { aReport } from '../../testing/task-fixtures';
import {
  parseNewReport,
  parseReportChanges,
  percentFalls,
  previousPercent,
  reportFormValues,
  toFormErrors,
} from './report-form';

const PLATFORMS: Pick<IndicatorView, 'id' | 'unit'> = { id: '9a708238-4bb0-4c64-b81c-6f48a595304c', unit: '个' };
const RATE: Pick<IndicatorView, 'id' | 'unit'> = { id: '1ee49028-350e-4316-a8ec-1263df633fb3', unit: '%' };
const indicators = [PLATFORMS, RATE];

describe('The report form', () => {
  const empty = reportFormValues(indicators, null, { period: '2026-11', percentComplete: 30 });

  it('starts a new report at the percent that counts now, with a row per indicator', () => {
    expect(empty).toMatchObject({
      period: '2026-11',
      percentComplete: 30,
      indicatorActuals: [
        { indicatorId: PLATFORMS.id, value: null },
        { indicatorId: RATE.id, value: null },
      ],
    });
  });

  it('sends only the indicators given a value this period', () => {
    const values = {
      ...empty,
      summary: '进展顺利',
      indicatorActuals: [
        { indicatorId: PLATFORMS.id, value: 12 },
        { indicatorId: RATE.id, value: null },
      ],
    };

    const { result } = parseNewReport(values, indicators, 30);

    expect(result.ok && result.value.indicatorActuals).toEqual([{ indicatorId: PLATFORMS.id, value: 12 }]);
  });

  it('saves a draft without a summary, and asks for one at submit', () => {
    const { result } = parseNewReport(empty, indicators, null);

    expect(result.ok).toBe(true);
    expect(checkSubmittable(empty).map((e) => e.field)).toEqual(['summary']);
  });

  it('saves a draft with the percent box emptied (null is sent), and asks for the percent at submit', () => {
    const cleared = { ...empty, percentComplete: null, summary: '先传佐证材料' };
    const { result } = parseNewReport(cleared, indicators, 30);

    expect(result.ok && result.value.percentComplete).toBeNull();
    expect(checkSubmittable({ ...cleared, percentComplete: null }).map((e) => e.field)).toEqual(['percentComplete']);
    // No percent yet: no fall to explain, and the final mark waits for one.
    expect(percentFalls(30, null)).toBe(false);
    expect(parseNewReport({ ...cleared, final: true }, indicators, 30).result.ok).toBe(true);
  });

  it('a half-typed number box (NaN) counts as no percent, not as a number', () => {
    const { result } = parseNewReport({ ...empty, percentComplete: Number.NaN }, indicators, null);

    expect(result.ok && result.value.percentComplete).toBeNull();
  });

  it('asks for a reason when the percent falls, on the reason field', () => {
    const { result } = parseNewReport({ ...empty, summary: 'x', percentComplete: 20 }, indicators, 30);

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['percentDecreaseReason']);
    expect(
      parseNewReport({ ...empty, summary: 'x', percentComplete: 20, percentDecreaseReason: '口径调整' }, indicators, 30)
        .result.ok,
    ).toBe(true);
  });

  it('does not send a reason typed earlier once the percent no longer falls', () => {
    const { result } = parseNewReport({ ...empty, summary: 'x', percentDecreaseReason: '旧原因' }, indicators, 30);

    expect(result.ok && result.value.percentDecreaseReason).toBe('');
  });

  it('refuses a final report below 100 %', () => {
    const { result } = parseNewReport({ ...empty, summary: 'x', final: true }, indicators, null);

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['final']);
  });

  it('checks an actual against its unit, on that indicator row', () => {
    const values = {
      ...empty,
      summary: 'x',
      indicatorActuals: [
        { indicatorId: PLATFORMS.id, value: 1.5 },
        { indicatorId: RATE.id, value: 3.2 },
      ],
    };

    const { result } = parseNewReport(values, indicators, null);

    expect(!result.ok && result.errors).toEqual([
      {
        field: 'indicatorActuals.0.value',
        code: 'invalid_value',
        message: 'Must be a whole number',
        params: { reason: 'whole_number' },
      },
    ]);
  });

  it('maps api errors on sent actuals back to the form rows they came from', () => {
    expect(toFormErrors([{ field: 'indicatorActuals.0.value', code: 'unknown', message: 'm' }], [1])).toEqual([
      { field: 'indicatorActuals.1.value', code: 'unknown', message: 'm' },
    ]);
  });

  it('patches only what changed in a draft, and nothing when nothing did', () => {
    const report = aReport({ summary: '初稿', percentComplete: 20 });
    const original = reportFormValues(indicators, report, { period: '2026-11', percentComplete: 0 });

    expect(parseReportChanges(original, original, indicators, null)).toBeNull();
    const changed = parseReportChanges({ ...original, summary: '修改稿' }, original, indicators, null);
    expect(changed?.result).toEqual({ ok: true, value: { summary: '修改稿' } });
  });
});

describe('The percent a report is compared with', () => {
  const reports = [
    aReport({
      id: 'a',
      period: '2026-09',
      status: 'approved',
      percentComplete: 20,
      submittedAt: '2026-10-01T00:00:00Z',
    }),
    aReport({
      id: 'b',
      period: '2026-10',
      status: 'submitted',
      percentComplete: 35,
      submittedAt: '2026-11-01T00:00:00Z',
    }),
    aReport({ id: 'c', period: '2026-11', status: 'returned', percentComplete: 50 }),
  ];

  it('is the latest submitted or approved report, never a returned one or the report itself', () => {
    expect(previousPercent(reports, null)).toBe(35);
    expect(previousPercent(reports, 'b')).toBe(20);
  });

  it('is absent before any report counts', () => {
    expect(previousPercent([], null)).toBeNull();
    expect(percentFalls(null, 0)).toBe(false);
    expect(percentFalls(35, 30)).toBe(true);
  });
});
