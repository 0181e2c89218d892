import type { ReviewQueueItemView } from '@zibo/domain';
import type { TableCell, TableColumn, ZonedTimeFormat } from '../exports';

/** The columns of the review queue's CSV/XLSX, one row per submitted report, in the queue's order. */
export const REVIEW_QUEUE_EXPORT_COLUMNS: readonly TableColumn[] = [
  { header: '工作事项编号', width: 10 },
  { header: '工作事项', width: 30 },
  { header: '任务名称', width: 36 },
  { header: '牵头单位', width: 20 },
  { header: '报告期', width: 10 },
  { header: '版次', width: 6 },
  { header: '完成进度（%）', width: 10 },
  { header: '首次提交时间', width: 19 },
  { header: '本次提交时间', width: 19 },
  { header: '报送截止时间', width: 19 },
  { header: '是否逾期报送', width: 9 },
  { header: '退回次数', width: 8 },
  { header: '退回后重新提交', width: 10 },
  { header: '修改项数', width: 8 },
  { header: '报告编号', width: 38 },
  { header: '任务编号', width: 38 },
];

export interface ReviewQueueExportNames {
  workItems: Map<string, string>;
  departments: Map<string, string>;
}

export function reviewQueueExportRow(
  item: ReviewQueueItemView,
  names: ReviewQueueExportNames,
  time: ZonedTimeFormat,
): TableCell[] {
  return [
    item.workItemCode,
    names.workItems.get(item.workItemCode) ?? '',
    item.taskTitle,
    names.departments.get(item.leadDepartmentId) ?? item.leadDepartmentId,
    item.period,
    item.revision,
    item.percentComplete,
    time.dateTime(item.firstSubmittedAt),
    time.dateTime(item.submittedAt),
    time.dateTime(item.deadline),
    item.late ? '是' : '否',
    item.returnCount,
    item.resubmitted ? '是' : '否',
    item.changes.length,
    item.reportId,
    item.taskId,
  ];
}
