import type { StatusSnapshotView } from '@zibo/domain';
import { snapshotActuals, snapshotReasons } from './snapshot-facts';

function aSnapshot(overrides: Partial<StatusSnapshotView> = {}): StatusSnapshotView {
  return {
    taskId: 't1',
    period: '2026-05',
    takenAt: '2026-06-05T16:00:00.000Z',
    status: 'in_progress',
    rag: 'red',
    overdue: true,
    percentComplete: 40,
    expectedPercent: 100,
    reasons: ['overdue', 'behind_schedule'],
    compliance: 'missing',
    indicatorActuals: [{ indicatorId: 'i1', value: 12 }],
    inputs: { dueDate: '2026-05-31', reportDueDay: 5 },
    ...overrides,
  };
}

describe('A status snapshot, explained', () => {
  it('gives the reasons for the light with the figures recorded then ("why was this red in May")', () => {
    expect(snapshotReasons(aSnapshot())).toEqual([
      { key: 'rag.reasons.overdue', params: expect.objectContaining({ dueDate: '2026-05-31' }) },
      { key: 'rag.reasons.behindSchedule', params: expect.objectContaining({ percent: 40, expected: 100 }) },
    ]);
  });

  it('says the task was on track when the light was green without reasons', () => {
    expect(snapshotReasons(aSnapshot({ rag: 'green', reasons: [] }))).toEqual([{ key: 'rag.reasons.onTrack' }]);
  });

  it('gives no reasons for a closed task (no light)', () => {
    expect(snapshotReasons(aSnapshot({ rag: null, reasons: [] }))).toEqual([]);
  });

  it('names the indicator actuals by the task indicators', () => {
    const indicators = [{ id: 'i1', name: '新增高新技术企业', unit: '家' as const }];

    expect(snapshotActuals(aSnapshot(), indicators)).toEqual([{ name: '新增高新技术企业', value: 12, unit: '家' }]);
    expect(snapshotActuals(aSnapshot(), [])).toEqual([{ name: 'i1', value: 12, unit: '' }]);
  });
});
