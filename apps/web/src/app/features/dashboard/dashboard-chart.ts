import {
  RAG_STATUSES,
  TASK_STATUSES,
  type DashboardGroup,
  type DashboardView,
  type LedgerComplianceFilter,
  type Rag,
  type TaskStatus,
} from '@zibo/domain';
import type { EChartsCoreOption } from 'echarts/core';
import type { Params } from '@angular/router';

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

interface Stack {
  key: string;
  colour: string;
  values: number[];
}

/**
 * Widest axis label, in pixels, unless the page asks otherwise: a longer name is cut (the tooltip
 * names it in full). The page gives a phone a narrower one so the bars keep most of the width.
 */
const LABEL_WIDTH = 200;

/**
 * Horizontal stacked bars, one row per category in the given order (top to bottom), one series per
 * stack; on a phone the rows stay one under the other and the labels are cut, not the bars.
 */
function stackedBars(
  categories: string[],
  stacks: Stack[],
  names: Record<string, string>,
  labelWidth = LABEL_WIDTH,
): EChartsCoreOption {
  return {
    textStyle: { fontFamily: CHART_FONT },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: { bottom: 0, type: 'plain' },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories,
      axisLabel: { width: labelWidth, overflow: 'truncate' },
    },
    series: stacks.map((stack) => ({
      name: names[stack.key] ?? stack.key,
      type: 'bar',
      stack: 'total',
      barMaxWidth: 28,
      itemStyle: { color: stack.colour },
      emphasis: { focus: 'series' },
      data: stack.values,
    })),
  };
}

/** A chart's height for its number of rows: every bar readable, on a phone too. */
export function chartHeight(rows: number): number {
  return Math.max(200, 72 + 32 * rows);
}

/** The tasks of a group without a light: drafts, completed and cancelled tasks. */
function withoutLight(group: Pick<DashboardGroup, 'tasks' | 'byRag'>): number {
  return group.tasks - RAG_STATUSES.reduce((sum, rag) => sum + group.byRag[rag], 0);
}

export interface ChartLabels {
  /** Axis label per focus area, in the order of `view.byFocusArea`. */
  areas: string[];
  /** Series names: the lights (plus 'none') or the statuses. */
  series: Record<string, string>;
  /** Widest axis label in pixels (narrower on a phone). */
  labelWidth?: number;
}

/** The stacked bar chart of tasks per focus area, split by light or by status. */
export function focusAreaChart(
  view: Pick<DashboardView, 'byFocusArea'>,
  mode: ChartMode,
  labels: ChartLabels,
): EChartsCoreOption {
  const areas = view.byFocusArea;
  const stacks: Stack[] =
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
            values: areas.map(withoutLight),
          },
        ]
      : TASK_STATUSES.map((status) => ({
          key: status,
          colour: STATUS_COLOURS[status],
          values: areas.map((a) => a.byStatus[status]),
        }));
  return stackedBars(labels.areas, stacks, labels.series, labels.labelWidth);
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

type DepartmentRow = DashboardView['byDepartment'][number];

/**
 * Tasks per department split by light, the rows of the department table in its order: a task counts
 * once, for its lead department (the table's rule; its drill-down is `leadDepartment`).
 */
export function departmentChart(
  rows: readonly DepartmentRow[],
  labels: { departments: string[]; series: Record<string, string>; labelWidth?: number },
): EChartsCoreOption {
  return stackedBars(
    labels.departments,
    [
      ...RAG_STATUSES.map((rag) => ({ key: rag, colour: RAG_COLOURS[rag], values: rows.map((d) => d.byRag[rag]) })),
      { key: 'none', colour: RAG_COLOURS.none, values: rows.map(withoutLight) },
    ],
    labels.series,
    labels.labelWidth,
  );
}

/**
 * The task list's filters behind one segment of {@link departmentChart}: the lead department and the
 * light. Null for the 'no light' segment. The department's id comes along for a historical view's
 * ledger link.
 */
export function departmentDrillDown(
  rows: readonly DepartmentRow[],
  dataIndex: number,
  seriesIndex: number,
): { filters: Params; departmentId: string } | null {
  const row = rows[dataIndex];
  const rag = RAG_STATUSES[seriesIndex];
  return row && rag ? { filters: { leadDepartment: row.departmentId, rag }, departmentId: row.departmentId } : null;
}

export const COMPLIANCE_KEYS = ['onTime', 'late', 'missing'] as const;
export const COMPLIANCE_COLOURS: Record<(typeof COMPLIANCE_KEYS)[number], string> = {
  onTime: '#2e7d32',
  late: '#f2a900',
  missing: '#c62828',
};

/**
 * Reporting compliance of the period the dashboard shows (the last closed one) per department: on
 * time, late and missing reports of the tasks the department leads — the department table's columns.
 */
export function complianceChart(
  rows: readonly DepartmentRow[],
  labels: { departments: string[]; series: Record<string, string>; labelWidth?: number },
): EChartsCoreOption {
  return stackedBars(
    labels.departments,
    COMPLIANCE_KEYS.map((key) => ({
      key,
      colour: COMPLIANCE_COLOURS[key],
      values: rows.map((d) => d.lastClosedCompliance[key]),
    })),
    labels.series,
    labels.labelWidth,
  );
}

/** The domain's compliance name of each of {@link COMPLIANCE_KEYS} (the ledger's `compliance` filter). */
export const COMPLIANCE_FILTER_OF: Record<(typeof COMPLIANCE_KEYS)[number], LedgerComplianceFilter> = {
  onTime: 'on_time',
  late: 'late',
  missing: 'missing',
};

/**
 * The department and compliance behind one segment of {@link complianceChart}: the ledger of that
 * period lists exactly those tasks.
 */
export function complianceDrillDown(
  rows: readonly DepartmentRow[],
  dataIndex: number,
  seriesIndex: number,
): { departmentId: string; compliance: LedgerComplianceFilter } | null {
  const departmentId = rows[dataIndex]?.departmentId;
  const key = COMPLIANCE_KEYS[seriesIndex];
  return departmentId && key ? { departmentId, compliance: COMPLIANCE_FILTER_OF[key] } : null;
}

export const INDICATOR_KEYS = ['reached', 'below', 'notReported'] as const;
const INDICATOR_COLOURS: Record<(typeof INDICATOR_KEYS)[number], string> = {
  reached: '#2e7d32',
  below: '#f2a900',
  notReported: '#9e9e9e',
};

/** The three parts of a group's indicators: at target, reported below it, not reported yet. */
export function indicatorParts(
  group: Pick<DashboardGroup, 'indicators'>,
): Record<(typeof INDICATOR_KEYS)[number], number> {
  const { total, reported, reached } = group.indicators;
  return { reached, below: reported - reached, notReported: total - reported };
}

/**
 * Indicators against their targets per focus area: how many reached their target, are reported
 * below it, or are not reported yet (units differ between indicators, so counts and attainment are
 * what add up; each indicator's own actual and target are on its task).
 */
export function indicatorChart(
  areas: readonly Pick<DashboardGroup, 'indicators'>[],
  labels: { areas: string[]; series: Record<string, string>; labelWidth?: number },
): EChartsCoreOption {
  return stackedBars(
    labels.areas,
    INDICATOR_KEYS.map((key) => ({
      key,
      colour: INDICATOR_COLOURS[key],
      values: areas.map((a) => indicatorParts(a)[key]),
    })),
    labels.series,
    labels.labelWidth,
  );
}
