import type { DashboardGroup } from '@zibo/domain';
import type { DashboardView } from '@zibo/domain';
import {
  chartHeight,
  complianceChart,
  complianceDrillDown,
  departmentChart,
  departmentDrillDown,
  focusAreaChart,
  focusAreaDrillDown,
  indicatorChart,
} from './dashboard-chart';
import { countLink } from './dashboard-links';

function group(overrides: Partial<DashboardGroup>): DashboardGroup {
  return {
    tasks: 0,
    byStatus: { draft: 0, assigned: 0, in_progress: 0, completed: 0, cancelled: 0 },
    byRag: { red: 0, amber: 0, green: 0 },
    overdue: 0,
    averagePercent: null,
    lastClosedCompliance: { onTime: 0, late: 0, missing: 0 },
    currentSubmissions: { submitted: 0, pending: 0 },
    indicators: { total: 0, reported: 0, reached: 0, averageAttainment: null },
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

type Option = { series: { name: string; data: number[] }[]; yAxis: { data: string[] } };

/** A segment's number as the chart shows it. */
const segment = (option: Option, seriesIndex: number, dataIndex: number) => option.series[seriesIndex]?.data[dataIndex];

const departments: DashboardView['byDepartment'] = [
  {
    departmentId: 'd-econ',
    code: 'econ',
    name: '经济发展局',
    ...group({
      tasks: 6,
      byRag: { red: 2, amber: 1, green: 2 },
      lastClosedCompliance: { onTime: 3, late: 1, missing: 1 },
    }),
  },
  {
    departmentId: 'd-party',
    code: 'party',
    name: '党群工作部',
    ...group({ tasks: 1, byRag: { red: 0, amber: 0, green: 1 } }),
  },
];
const departmentLabels = {
  departments: ['经济发展局', '党群工作部'],
  series: {
    red: '红灯',
    amber: '黄灯',
    green: '绿灯',
    none: '无灯',
    onTime: '按时',
    late: '逾期报送',
    missing: '未报送',
  },
};
const live = { asOf: null, lastClosedPeriod: '2026-11', ledger: true };

describe('Department chart', () => {
  it("shows each department row's lights, in the table's order, tasks without a light apart", () => {
    const option = departmentChart(departments, departmentLabels) as Option;

    expect(option.yAxis.data).toEqual(['经济发展局', '党群工作部']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['红灯', [2, 0]],
      ['黄灯', [1, 0]],
      ['绿灯', [2, 1]],
      ['无灯', [1, 0]],
    ]);
    // Every task of a row is in its bar: the bar is as long as the table's task count.
    for (const [index, row] of departments.entries()) {
      expect(option.series.reduce((sum, s) => sum + (s.data[index] ?? 0), 0)).toBe(row.tasks);
    }
  });

  it('opens the tasks the segment counts: lead department and light, the same filter as the row link', () => {
    const option = departmentChart(departments, departmentLabels) as Option;
    const target = departmentDrillDown(departments, 0, 0);

    expect(segment(option, 0, 0)).toBe(2);
    expect(target).toEqual({ filters: { leadDepartment: 'd-econ', rag: 'red' }, departmentId: 'd-econ' });
    expect(countLink(target?.filters ?? {}, live, target?.departmentId)).toEqual({
      path: ['/tasks'],
      query: { leadDepartment: 'd-econ', rag: 'red' },
    });
    // A historical view leads to that period's ledger of the department.
    expect(countLink(target?.filters ?? {}, { ...live, asOf: '2026-10-20' }, target?.departmentId)).toEqual({
      path: ['/ledger'],
      query: { period: '2026-11', department: 'd-econ' },
    });
    // No filter lists the tasks without a light; nothing beyond the rows.
    expect(departmentDrillDown(departments, 0, 3)).toBeNull();
    expect(departmentDrillDown(departments, 2, 0)).toBeNull();
  });
});

describe('Compliance chart', () => {
  it("shows each department's on time, late and missing reports of the period, as the table's columns", () => {
    const option = complianceChart(departments, departmentLabels) as Option;

    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['按时', [3, 0]],
      ['逾期报送', [1, 0]],
      ['未报送', [1, 0]],
    ]);
  });

  it("opens the department's ledger of that period, narrowed to the segment's compliance", () => {
    expect(complianceDrillDown(departments, 1, 0)).toEqual({ departmentId: 'd-party', compliance: 'on_time' });
    expect(complianceDrillDown(departments, 1, 1)).toEqual({ departmentId: 'd-party', compliance: 'late' });
    expect(complianceDrillDown(departments, 1, 2)).toEqual({ departmentId: 'd-party', compliance: 'missing' });
    expect(complianceDrillDown(departments, 5, 0)).toBeNull();
    expect(complianceDrillDown(departments, 1, 3)).toBeNull();
  });
});

describe('Indicator chart', () => {
  it('splits each focus area’s indicators into at target, below target and not reported', () => {
    const areas = [group({ indicators: { total: 5, reported: 3, reached: 1, averageAttainment: 62.5 } }), group({})];
    const option = indicatorChart(areas, {
      areas: ['FA1', 'FA2'],
      series: { reached: '已达目标', below: '未达目标', notReported: '未报实际值' },
    }) as Option;

    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['已达目标', [1, 0]],
      ['未达目标', [2, 0]],
      ['未报实际值', [2, 0]],
    ]);
  });
});

describe('Chart height', () => {
  it('gives every row room, however many', () => {
    expect(chartHeight(2)).toBe(200);
    expect(chartHeight(20)).toBeGreaterThanOrEqual(20 * 28);
  });
});
