import type { DashboardGroup, DashboardTable, DashboardView } from '@zibo/domain';
import type { TableCell, TableColumn } from '../exports';

const GROUP_COLUMNS: TableColumn[] = [
  { header: '任务数', width: 8 },
  { header: '草稿', width: 6 },
  { header: '已下发', width: 8 },
  { header: '推进中', width: 8 },
  { header: '已办结', width: 8 },
  { header: '已撤销', width: 8 },
  { header: '红灯', width: 6 },
  { header: '黄灯', width: 6 },
  { header: '绿灯', width: 6 },
  { header: '逾期', width: 6 },
  { header: '平均进度（%）', width: 10 },
  { header: '上期按时报送', width: 10 },
  { header: '上期逾期报送', width: 10 },
  { header: '上期未报送', width: 10 },
  { header: '本期已报送', width: 10 },
  { header: '本期待报送', width: 10 },
  { header: '量化指标数', width: 10 },
  { header: '已报实际值', width: 10 },
  { header: '已达目标', width: 10 },
  { header: '平均达成率（%）', width: 12 },
];

const groupCells = (g: DashboardGroup): TableCell[] => [
  g.tasks,
  g.byStatus.draft,
  g.byStatus.assigned,
  g.byStatus.in_progress,
  g.byStatus.completed,
  g.byStatus.cancelled,
  g.byRag.red,
  g.byRag.amber,
  g.byRag.green,
  g.overdue,
  g.averagePercent,
  g.lastClosedCompliance.onTime,
  g.lastClosedCompliance.late,
  g.lastClosedCompliance.missing,
  g.currentSubmissions.submitted,
  g.currentSubmissions.pending,
  g.indicators.total,
  g.indicators.reported,
  g.indicators.reached,
  g.indicators.averageAttainment,
];

export const DASHBOARD_TABLE_NAMES: Record<DashboardTable, string> = {
  focusAreas: '按聚焦领域',
  departments: '按部门',
  overdue: '逾期任务',
};

/** One dashboard table as the page shows it, with a 合计 row under the grouped ones. */
export function dashboardTable(
  view: DashboardView,
  table: DashboardTable,
  departmentName: (id: string) => string,
): { columns: TableColumn[]; rows: TableCell[][] } {
  switch (table) {
    case 'focusAreas':
      return {
        columns: [{ header: '编号', width: 6 }, { header: '聚焦领域', width: 30 }, ...GROUP_COLUMNS],
        rows: [
          ...view.byFocusArea.map((a) => [a.code, a.name, ...groupCells(a)]),
          ['', '合计', ...groupCells(view.totals)],
        ],
      };
    case 'departments':
      return {
        columns: [{ header: '部门代码', width: 10 }, { header: '部门', width: 24 }, ...GROUP_COLUMNS],
        // Each task has one lead department: the rows add up to the totals.
        rows: [
          ...view.byDepartment.map((d) => [d.code, d.name, ...groupCells(d)]),
          ['', '合计', ...groupCells(view.totals)],
        ],
      };
    case 'overdue':
      return {
        columns: [
          { header: '任务名称', width: 36 },
          { header: '牵头单位', width: 20 },
          { header: '完成时限', width: 12 },
          { header: '逾期天数', width: 9 },
          { header: '任务编号', width: 38 },
        ],
        rows: view.overdueTasks.map((t) => [
          t.title,
          departmentName(t.leadDepartmentId),
          t.dueDate,
          t.daysOverdue,
          t.id,
        ]),
      };
  }
}
