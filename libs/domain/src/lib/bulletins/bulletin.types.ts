import type { ChainHeadView, DepartmentRefView } from '../ledger/ledger.types';
import type { Rag, RagReason } from '../rag/rag-status';
import type { NoticeColour } from '../supervision/notice-colour';
import type { UrgeLevel, UrgeStatus } from '../supervision/urge-rules';
import type { Period } from '../time/periods';

export const BULLETIN_STATUSES = ['draft', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

/** How many tasks of a group stood at each light, and how many were overdue, at the period's close. */
export interface BulletinCounts {
  tasks: number;
  red: number;
  amber: number;
  green: number;
  overdue: number;
}

export interface BulletinFocusAreaView extends BulletinCounts {
  code: string;
  name: string;
}

/** A task at red, or overdue, at the period's close, with the department that leads it. */
export interface BulletinTaskItem {
  taskId: string;
  title: string;
  workItemCode: string;
  department: DepartmentRefView;
  rag: Rag | null;
  reasons: RagReason[];
  overdue: boolean;
  overdueDays: number;
  dueDate: string;
  percentComplete: number;
}

/** A department's reporting compliance for the period (the reports of the tasks it leads). */
export interface BulletinComplianceView {
  department: DepartmentRefView;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** onTime ÷ due, 0–1, four decimals; null when no report was due. */
  onTimeRate: number | null;
}

export interface BulletinRankingEntry {
  rank: number | null;
  department: DepartmentRefView;
  score: number | null;
}

export interface BulletinUrgeItem {
  taskId: string;
  taskTitle: string;
  department: DepartmentRefView;
  level: UrgeLevel;
  automatic: boolean;
  createdAt: string;
  status: UrgeStatus;
}

export interface BulletinNoticeItem {
  taskId: string;
  taskTitle: string;
  department: DepartmentRefView;
  number: string;
  colour: NoticeColour;
  issuedAt: string;
  status: UrgeStatus;
}

/** A sentence quoted from an approved report of the period. */
export interface BulletinHighlight {
  taskId: string;
  taskTitle: string;
  department: DepartmentRefView;
  reportId: string;
  percentComplete: number;
  score: number | null;
  quote: string;
}

/**
 * What a bulletin says, computed from the data when it was drafted (or refreshed) and kept as it
 * was: a published bulletin does not change when the data does.
 */
export interface BulletinContent {
  period: Period;
  /** The period's report deadline, and whether it had passed (else: figures as they stood then). */
  deadline: string;
  closed: boolean;
  generatedAt: string;
  chainHead: ChainHeadView | null;
  totals: BulletinCounts;
  focusAreas: BulletinFocusAreaView[];
  redItems: BulletinTaskItem[];
  overdueItems: BulletinTaskItem[];
  /** Every department with reports due, best on-time rate first. */
  compliance: BulletinComplianceView[];
  /** The best and the worst (up to three each; a department is never in both). */
  bestCompliance: BulletinComplianceView[];
  worstCompliance: BulletinComplianceView[];
  ranking: BulletinRankingEntry[];
  formulaVersion: string;
  urges: BulletinUrgeItem[];
  notices: BulletinNoticeItem[];
  noticesByColour: Record<NoticeColour, number>;
  highlights: BulletinHighlight[];
}

export interface BulletinView {
  id: string;
  period: Period;
  status: BulletinStatus;
  title: string;
  /** Editable while a draft: the committee's own words, printed before the figures. */
  narrative: string;
  /** 文号 once published, e.g. 高新督通〔2026〕1号; null for a draft. */
  number: string | null;
  year: number | null;
  serial: number | null;
  content: BulletinContent;
  createdAt: string;
  createdById: string | null;
  updatedAt: string;
  publishedAt: string | null;
  publishedById: string | null;
  version: number;
}

/** An item of `GET /api/bulletins`: the bulletin without its content. */
export type BulletinListItemView = Omit<BulletinView, 'content'> & { totals: BulletinCounts };
