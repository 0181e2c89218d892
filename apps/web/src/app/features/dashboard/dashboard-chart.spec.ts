import type { DashboardGroup } from '@zibo/domain';
import { focusAreaChart, focusAreaDrillDown } from './dashboard-chart';

function group(overrides: Partial<DashboardGroup>): DashboardGroup {
  return {
    tasks: 0,
    byStatus: { draft: 0, assigned: 0, in_progress: 0, completed: 0, cancelled: 0 },
    byRag: { red: 0, amber: 0, green: 0 },
    overdue: 0,
    averagePercent: null,
    lastClosedCompliance: { onTime: 0, late: 0, missing: 0 },
    currentSubmissions: { submitted: 0, pending: 0 },
    ...overrides,
  };
}

const view = {
  byFocusArea: [
    {
      code: 'FA1',
      name: '聚焦创新驱动',
      nameEn: 'Innovation',
      ...group({
        tasks: 4,
        byRag: { red: 1, amber: 0, green: 2 },
        byStatus: { draft: 1, assigned: 1, in_progress: 2, completed: 0, cancelled: 0 },
      }),
    },
    {
      code: 'FA2',
      name: '聚焦新旧动能转换',
      nameEn: 'Growth drivers',
      ...group({ tasks: 1, byStatus: { draft: 0, assigned: 0, in_progress: 0, completed: 1, cancelled: 0 } }),
    },
  ],
};
const labels = {
  areas: ['FA1 聚焦创新驱动', 'FA2 聚焦新旧动能转换'],
  series: { red: '红灯', amber: '黄灯', green: '绿灯', none: '无灯' },
};

describe('Focus area chart', () => {
  it('stacks the lights per focus area, with tasks without a light apart', () => {
    const option = focusAreaChart(view, 'rag', labels) as { series: { name: string; data: number[]; stack: string }[] };

    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['红灯', [1, 0]],
      ['黄灯', [0, 0]],
      ['绿灯', [2, 0]],
      ['无灯', [1, 1]],
    ]);
    expect(new Set(option.series.map((s) => s.stack)).size).toBe(1);
  });

  it('stacks the statuses when asked', () => {
    const option = focusAreaChart(view, 'status', labels) as { series: { name: string; data: number[] }[] };

    expect(option.series.map((s) => s.data)).toEqual([
      [1, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it('labels the areas as given', () => {
    const option = focusAreaChart(view, 'rag', labels) as { yAxis: { data: string[] } };

    expect(option.yAxis.data).toEqual(labels.areas);
  });

  it('drills a bar segment down to the task list filters that count it', () => {
    expect(focusAreaDrillDown(view, 'rag', 0, 0)).toEqual({ focusArea: 'FA1', rag: 'red' });
    expect(focusAreaDrillDown(view, 'status', 1, 3)).toEqual({ focusArea: 'FA2', status: 'completed' });
    // No single filter lists the tasks without a light.
    expect(focusAreaDrillDown(view, 'rag', 0, 3)).toBeNull();
    expect(focusAreaDrillDown(view, 'rag', 5, 0)).toBeNull();
  });
});
