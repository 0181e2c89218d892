import { aTask, SCI } from '../../testing/task-fixtures';
import { amendmentChangeLines, emptyAmendment, parseAmendment } from './amendment-form';

const task = aTask({
  dueDate: '2027-03-31',
  indicators: [
    {
      id: '9a708238-4bb0-4c64-b81c-6f48a595304c',
      name: '新增省级平台',
      unit: '个',
      baseline: 10,
      target: 15,
      baselineTarget: 15,
      direction: 'up',
      actual: null,
      actualPeriod: null,
    },
  ],
  milestones: [
    {
      id: '0ed01e6e-e93c-4f10-a785-f3f627a186ac',
      title: '完成申报材料',
      plannedDate: '2026-12-15',
      baselinePlannedDate: '2026-12-15',
      doneDate: null,
    },
  ],
});

describe('A plan change', () => {
  it('sends only what really changes, with the reason', () => {
    const values = { ...emptyAmendment(task), reason: '省级评审推迟', dueDate: '2027-06-30' };
    values.indicatorTargets[0].target = 15;
    values.milestoneDates[0].plannedDate = '2027-01-15';

    expect(parseAmendment(values, task)).toEqual({
      ok: true,
      value: {
        reason: '省级评审推迟',
        dueDate: '2027-06-30',
        milestoneDates: [{ milestoneId: '0ed01e6e-e93c-4f10-a785-f3f627a186ac', plannedDate: '2027-01-15' }],
      },
    });
  });

  it('needs a reason and at least one change', () => {
    const result = parseAmendment(emptyAmendment(task), task);

    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(['dueDate', 'reason']);
  });

  it('reads as before → after, with names', () => {
    const lines = amendmentChangeLines(
      {
        changes: {
          dueDate: { before: '2027-03-31', after: '2027-06-30' },
          leadDepartmentId: { before: task.leadDepartmentId, after: SCI },
          indicatorTargets: [{ indicatorId: task.indicators[0].id, before: 15, after: 18 }],
        },
      },
      task,
      (id) => (id === SCI ? '科技创新局' : '经济发展局'),
    );

    expect(lines).toEqual([
      { key: 'amendments.change.dueDate', params: { before: '2027-03-31', after: '2027-06-30' } },
      { key: 'amendments.change.lead', params: { before: '经济发展局', after: '科技创新局' } },
      { key: 'amendments.change.target', params: { name: '新增省级平台', before: 15, after: 18 } },
    ]);
  });
});
