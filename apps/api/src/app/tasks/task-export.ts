import type { TaskListItemView } from '@zibo/domain';
import {
  CYCLE_LABELS,
  RAG_LABELS,
  REPORT_STATUS_LABELS,
  TASK_STATUS_LABELS,
} from '../../core/documents/document-labels';
import type { TableCell, TableColumn } from '../exports';

/** The columns of the task list's CSV/XLSX, one row per task. */
export const TASK_EXPORT_COLUMNS: readonly TableColumn[] = [
  { header: '工作事项编号', width: 10 },
  { header: '工作事项', width: 30 },
  { header: '任务名称', width: 36 },
  { header: '牵头单位', width: 20 },
  { header: '配合单位', width: 30 },
  { header: '任务状态', width: 10 },
  { header: '红黄绿灯', width: 9 },
  { header: '是否逾期', width: 9 },
  { header: '完成进度（%）', width: 10 },
  { header: '应完成进度（%）', width: 10 },
  { header: '开始日期', width: 12 },
  { header: '完成时限', width: 12 },
  { header: '报送周期', width: 9 },
  { header: '最新报告期', width: 11 },
  { header: '最新报告状态', width: 11 },
  { header: '任务编号', width: 38 },
];

export interface TaskExportNames {
  workItems: Map<string, string>;
  departments: Map<string, string>;
}

export function taskExportRow(task: TaskListItemView, names: TaskExportNames): TableCell[] {
  const department = (id: string) => names.departments.get(id) ?? id;
  return [
    task.workItemCode,
    names.workItems.get(task.workItemCode) ?? '',
    task.title,
    department(task.leadDepartmentId),
    task.coDepartmentIds.map(department).join('、'),
    TASK_STATUS_LABELS[task.status],
    task.rag ? RAG_LABELS[task.rag] : '',
    task.overdue ? '是' : '否',
    task.percentComplete,
    task.expectedPercent,
    task.startDate ?? '',
    task.dueDate,
    CYCLE_LABELS[task.reportingCycle],
    task.latestReport?.period ?? '',
    task.latestReport ? REPORT_STATUS_LABELS[task.latestReport.status] : '',
    task.id,
  ];
}
