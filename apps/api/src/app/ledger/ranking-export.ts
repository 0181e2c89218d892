import type { RankingView } from '@zibo/domain';
import type { TableCell, TableColumn } from '../exports';

/** The ranking's CSV/XLSX: one row per department, its rank, score, components and inputs. */
export const RANKING_COLUMNS: readonly TableColumn[] = [
  { header: '排名', width: 6 },
  { header: '部门代码', width: 10 },
  { header: '部门', width: 24 },
  { header: '得分', width: 8 },
  { header: '按时报送率', width: 10 },
  { header: '审核评分', width: 10 },
  { header: '未逾期', width: 8 },
  { header: '进度', width: 8 },
  { header: '牵头任务数', width: 10 },
  { header: '应报送', width: 8 },
  { header: '按时报送', width: 8 },
  { header: '已评分审核', width: 10 },
  { header: '评分合计', width: 10 },
  { header: '逾期任务', width: 8 },
  { header: '进度比合计', width: 10 },
  { header: '公式版本', width: 12 },
  { header: '报告期', width: 9 },
];

export function rankingRows(view: RankingView): TableCell[][] {
  return view.items.map((e) => [
    e.rank,
    e.code,
    e.name,
    e.score,
    e.components.onTimeRate,
    e.components.reviewScore,
    e.components.notOverdue,
    e.components.progress,
    e.inputs.tasks,
    e.inputs.reportsDue,
    e.inputs.reportsOnTime,
    e.inputs.reviewsScored,
    e.inputs.reviewScoreSum,
    e.inputs.overdueTasks,
    e.inputs.progressRatioSum,
    e.formulaVersion,
    view.period,
  ]);
}
