import type { Compliance, Rag, ReportStatus, ReportingCycle, TaskStatus } from '@zibo/domain';

// Labels of files for reading (exports, ledger), as the web app shows them (public/i18n/zh-CN.json).
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  draft: '草稿',
  assigned: '已下发',
  in_progress: '推进中',
  completed: '已办结',
  cancelled: '已撤销',
};
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  returned: '已退回',
};
export const COMPLIANCE_LABELS: Record<Compliance, string> = {
  on_time: '按时',
  late: '逾期报送',
  missing: '未报送',
  not_due: '未到期',
};
export const RAG_LABELS: Record<Rag, string> = { red: '红灯', amber: '黄灯', green: '绿灯' };
export const CYCLE_LABELS: Record<ReportingCycle, string> = { monthly: '月报', quarterly: '季报' };
