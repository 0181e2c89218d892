import type { NoticeColour } from './notice-colour';
import type { UrgeLevel, UrgeStatus } from './urge-rules';

export interface UrgeView {
  id: string;
  taskId: string;
  taskTitle: string;
  /** The lead department urged (at the time of the urge). */
  departmentId: string;
  message: string;
  respondBy: string;
  /** Null for an automatic urge (a task left unaccepted past ACCEPT_WORKING_DAYS). */
  createdById: string | null;
  automatic: boolean;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedById: string | null;
  response: string | null;
  respondedAt: string | null;
  respondedById: string | null;
  status: UrgeStatus;
  level: UrgeLevel;
  escalatedAt: string | null;
  version: number;
}

export interface SupervisionNoticeView {
  id: string;
  /** 文号: numbered per year, e.g. 高新督〔2026〕3号. */
  number: string;
  year: number;
  serial: number;
  taskId: string;
  taskTitle: string;
  departmentId: string;
  colour: NoticeColour;
  text: string;
  respondBy: string;
  /** Null when issued by escalation (a level-3 urge). */
  issuedById: string | null;
  urgeId: string | null;
  issuedAt: string;
  response: string | null;
  respondedAt: string | null;
  respondedById: string | null;
  status: 'open' | 'answered' | 'overdue';
  version: number;
}
