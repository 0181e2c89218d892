import { RAG_STATUSES, TASK_STATUSES, type DashboardView, type Rag, type TaskStatus } from '@zibo/domain';
import type { EChartsCoreOption } from 'echarts/core';

export type ChartMode = 'rag' | 'status';

/** The page's font stack (styles.scss): a canvas does not inherit it, and Chinese labels need a Chinese font. */
const CHART_FONT =
  "Roboto, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', sans-serif";

/** Colours of the lights; the legend and tooltip name each one, so colour is never the only cue. */
export const RAG_COLOURS: Record<Rag | 'none', string> = {
  red: '#c62828',
  amber: '#f2a900',
  green: '#2e7d32',
  none: '#9e9e9e',
};

const STATUS_COLOURS: Record<TaskStatus, string> = {
  draft: '#bdbdbd',
  assigned: '#64b5f6',
  in_progress: '#1565c0',
  completed: '#2e7d32',
  cancelled: '#8d6e63',
};

export interface ChartLabels {
  /** Axis label per focus area, in the order of `view.byFocusArea`. */
  areas: string[];
  /** Series names: the lights (plus 'none') or the statuses. */
  series: Record<string, string>;
}

/** The stacked bar chart of tasks per focus area, split by light or by status. */
export function focusAreaChart(
  view: Pick<DashboardView, 'byFocusArea'>,
  mode: ChartMode,
  labels: ChartLabels,
): EChartsCoreOption {
  const areas = view.byFocusArea;
  const stacks: { key: string; colour: string; values: number[] }[] =
    mode === 'rag'
      ? [
          ...RAG_STATUSES.map((rag) => ({
            key: rag,
            colour: RAG_COLOURS[rag],
            values: areas.map((a) => a.byRag[rag]),
          })),
          {
            key: 'none',
            colour: RAG_COLOURS.none,
            // Draft, completed and cancelled tasks carry no light.
            values: areas.map((a) => a.tasks - RAG_STATUSES.reduce((sum, rag) => sum + a.byRag[rag], 0)),
          },
        ]
      : TASK_STATUSES.map((status) => ({
          key: status,
          colour: STATUS_COLOURS[status],
          values: areas.map((a) => a.byStatus[status]),
        }));
  return {
    textStyle: { fontFamily: CHART_FONT },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, type: 'plain' },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: labels.areas },
    series: stacks.map((stack) => ({
      name: labels.series[stack.key] ?? stack.key,
      type: 'bar',
      stack: 'tasks',
      barMaxWidth: 28,
      itemStyle: { color: stack.colour },
      emphasis: { focus: 'series' },
      data: stack.values,
    })),
  };
}

/**
 * The task list's filters behind one bar segment of {@link focusAreaChart} (series in the chart's
 * order): the focus area and the light or status it counts. Null for the 'no light' segment, which
 * no single filter lists.
 */
export function focusAreaDrillDown(
  view: Pick<DashboardView, 'byFocusArea'>,
  mode: ChartMode,
  dataIndex: number,
  seriesIndex: number,
): Record<string, string> | null {
  const area = view.byFocusArea[dataIndex];
  if (!area) {
    return null;
  }
  if (mode === 'rag') {
    const rag = RAG_STATUSES[seriesIndex];
    return rag ? { focusArea: area.code, rag } : null;
  }
  const status = TASK_STATUSES[seriesIndex];
  return status ? { focusArea: area.code, status } : null;
}
