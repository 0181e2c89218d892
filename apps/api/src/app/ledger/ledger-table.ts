import {
  CELL_MAX_CHARS,
  NOT_XML,
  cutWithoutSplittingPairs,
  neutraliseFormula,
} from '../../core/documents/spreadsheet-cell';
import { DateTime } from 'luxon';
import { COMPLIANCE_LABELS, RAG_LABELS, TASK_STATUS_LABELS } from '../../core/documents/document-labels';
import type {
  Compliance,
  LedgerNoticeView,
  LedgerTaskView,
  LedgerUrgeView,
  LedgerView,
  Rag,
  TaskStatus,
} from '@zibo/domain';

const STATUS = TASK_STATUS_LABELS;
const COMPLIANCE = COMPLIANCE_LABELS;
const RAG = RAG_LABELS;

export interface LedgerColumn {
  key: string;
  title: string;
  /** Relative width for XLSX (characters) and PDF. */
  width: number;
}

/** One line per (department, task), the same columns in the CSV and the XLSX. */
export const LEDGER_COLUMNS: LedgerColumn[] = [
  { key: 'department', title: '部门', width: 16 },
  { key: 'role', title: '职责', width: 6 },
  { key: 'task', title: '任务', width: 30 },
  { key: 'workItem', title: '工作事项', width: 9 },
  { key: 'lead', title: '牵头单位', width: 16 },
  { key: 'coOwners', title: '配合单位', width: 20 },
  { key: 'status', title: '任务状态', width: 9 },
  { key: 'dueDate', title: '完成时限', width: 11 },
  { key: 'reportPeriod', title: '报告期', width: 9 },
  { key: 'milestones', title: '节点（到期/完成）', width: 10 },
  { key: 'firstSubmittedAt', title: '首次报送时间', width: 24 },
  { key: 'compliance', title: '报送情况', width: 14 },
  { key: 'reviews', title: '审核记录（版次 结论 评分 意见）', width: 40 },
  { key: 'rag', title: '期末红黄绿灯', width: 9 },
  { key: 'overdueDays', title: '超期天数', width: 8 },
  { key: 'score', title: '本期得分', width: 9 },
  { key: 'receipt', title: '签收情况', width: 30 },
  { key: 'urges', title: '催办（级别 状态 答复）', width: 40 },
  { key: 'notices', title: '督办单（文号 颜色 状态 答复）', width: 40 },
  { key: 'directives', title: '领导批示（状态 答复）', width: 40 },
  { key: 'closeOut', title: '办结销号（日期 签批人 佐证）', width: 24 },
  { key: 'chainSeq', title: '审计链序号', width: 10 },
  { key: 'chainHash', title: '审计链哈希', width: 66 },
];

export type LedgerCell = string | number | null;

/** A timestamp in business time with its offset, readable and unambiguous. */
export function businessTimestamp(value: string | null, zone: string): string {
  if (!value) return '';
  return DateTime.fromISO(value).setZone(zone).toISO({ suppressMilliseconds: true }) ?? value;
}

export function complianceText(task: LedgerTaskView): string {
  const label = COMPLIANCE[task.compliance];
  return task.report?.daysLate ? `${label}（${task.report.daysLate} 天）` : label;
}

export function reviewsText(task: LedgerTaskView): string {
  return (task.report?.revisions ?? [])
    .map((v) => {
      const decision = v.decision === 'approve' ? '通过' : v.decision === 'return' ? '退回' : '待审核';
      const score = v.score === null ? '' : ` ${v.score}分`;
      const comment = v.comment ? ` ${v.comment}` : '';
      return `第${v.revision}版 ${decision}${score}${comment}`;
    })
    .join('；');
}

export function ragText(task: LedgerTaskView): string {
  return task.atClose.rag ? RAG[task.atClose.rag] : '无灯';
}

const URGE_STATUS: Record<LedgerUrgeView['status'], string> = {
  open: '待答复',
  answered: '已答复',
  overdue: '逾期未复',
};
const NOTICE_COLOUR: Record<LedgerNoticeView['colour'], string> = {
  blue: '蓝色提示',
  yellow: '黄色督办',
  red: '红色挂牌督办',
};

/** 签收: accepted (when, by whom), declined (退办, why) and whether the committee insisted (维持交办). */
export function receiptText(task: LedgerTaskView, zone: string): string {
  const { receipt } = task;
  const parts: string[] = [];
  if (receipt.declinedAt) {
    parts.push(
      `退办 ${businessDate(receipt.declinedAt, zone)}${receipt.declineReason ? `：${receipt.declineReason}` : ''}`,
    );
  }
  if (receipt.insistedAt) {
    parts.push(
      `维持交办 ${businessDate(receipt.insistedAt, zone)}${receipt.insistComment ? `：${receipt.insistComment}` : ''}`,
    );
  }
  if (receipt.acceptedAt) {
    parts.push(
      `已签收 ${businessDate(receipt.acceptedAt, zone)}${receipt.acceptedByName ? ` ${receipt.acceptedByName}` : ''}`,
    );
  } else {
    parts.push(receipt.declinedAt && !receipt.insistedAt ? '已退办，待管委会处理' : '待签收');
  }
  return parts.join('；');
}

export function urgesText(task: LedgerTaskView, zone: string): string {
  return task.urges
    .map((u) => {
      const who = u.automatic ? '（系统）' : '';
      const level = `${u.level}级`;
      const answer = u.response ? ` 答复：${u.response}` : '';
      return `${businessDate(u.createdAt, zone)}${who} ${level} ${URGE_STATUS[u.status]} ${u.message}${answer}`;
    })
    .join('；');
}

export function noticesText(task: LedgerTaskView): string {
  return task.notices
    .map((n) => {
      const answer = n.response ? ` 答复：${n.response}` : '';
      return `${n.number} ${NOTICE_COLOUR[n.colour]} ${URGE_STATUS[n.status]} ${n.text}${answer}`;
    })
    .join('；');
}

export function directivesText(task: LedgerTaskView, zone: string): string {
  return task.directives
    .map((d) => {
      const who = d.issuedByName ? ` ${d.issuedByName}` : '';
      const answer = d.response ? ` 答复：${d.response}` : '';
      return `${businessDate(d.issuedAt, zone)}${who} ${URGE_STATUS[d.status]} ${d.text}${answer}`;
    })
    .join('；');
}

/** 办结销号: the business date of the sign-off and the committee member who signed. */
export function closeOutText(task: LedgerTaskView, zone: string): string {
  const { closeOut } = task;
  if (!closeOut) return '';
  const signed = `${businessDate(closeOut.signedAt, zone)} 已销号${closeOut.signedByName ? ` ${closeOut.signedByName}` : ''}`;
  return closeOut.evidence.length ? `${signed}；佐证：${closeOut.evidence.join('、')}` : signed;
}

function businessDate(value: string, zone: string): string {
  return DateTime.fromISO(value).setZone(zone).toISODate() ?? value;
}

export const statusText = (status: TaskStatus) => STATUS[status];

/** Every (department, task) line of the ledger, cells in LEDGER_COLUMNS order. */
export function ledgerRows(view: LedgerView, zone: string): LedgerCell[][] {
  return view.departments.flatMap((department) =>
    department.tasks.map((task) => [
      department.name,
      task.role === 'lead' ? '牵头' : '配合',
      task.title,
      task.workItemCode,
      task.leadDepartment.name,
      task.coDepartments.map((d) => d.name).join('、'),
      STATUS[task.status],
      task.dueDate,
      task.period,
      `${task.milestones.plannedByPeriodEnd}/${task.milestones.doneByPeriodEnd}`,
      businessTimestamp(task.report?.firstSubmittedAt ?? null, zone),
      complianceText(task),
      reviewsText(task),
      ragText(task),
      task.atClose.overdueDays,
      task.score,
      receiptText(task, zone),
      urgesText(task, zone),
      noticesText(task),
      directivesText(task, zone),
      closeOutText(task, zone),
      view.chainHead?.seq ?? null,
      view.chainHead?.hash ?? '',
    ]),
  );
}

/**
 * A cell as the CSV and the XLSX carry it. Text starting with =, +, -, @, tab or carriage return
 * gets a leading apostrophe against formula injection when the file is opened in a spreadsheet
 * (docs/rules.md, exports); characters a spreadsheet file cannot hold become U+FFFD, and text is cut to
 * what one cell holds. Numbers stay numbers.
 */
export function escapeCell(value: LedgerCell): LedgerCell {
  if (typeof value !== 'string') return value;
  const text = neutraliseFormula(value.replace(NOT_XML, '\uFFFD'));
  if (text.length <= CELL_MAX_CHARS) return text;
  // Room for the ellipsis, without splitting a surrogate pair.
  return `${cutWithoutSplittingPairs(text, CELL_MAX_CHARS - 1)}…`;
}
