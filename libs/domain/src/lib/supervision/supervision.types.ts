import type { AttachmentView } from '../tasks/task.types';
import type { CloseOutState } from './close-out-rules';
import type { DirectiveStatus } from './directive-rules';
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

/** 领导批示: a committee member's instruction on a task (or one of its reports), answered by the lead head. */
export interface DirectiveView {
  id: string;
  taskId: string;
  taskTitle: string;
  /** The report the directive was written on, if any. */
  reportId: string | null;
  reportPeriod: string | null;
  /** The lead department at the time of the directive: its head answers. */
  departmentId: string;
  text: string;
  respondBy: string;
  issuedById: string | null;
  issuedByName: string | null;
  issuedAt: string;
  response: string | null;
  respondedAt: string | null;
  respondedById: string | null;
  respondedByName: string | null;
  status: DirectiveStatus;
  version: number;
}

/** 办结销号: the latest close-out request of a task, as it stands. */
export interface CloseOutView {
  id: string;
  taskId: string;
  state: Exclude<CloseOutState, 'none'>;
  summary: string;
  requestedAt: string;
  requestedById: string | null;
  requestedByName: string | null;
  rejectedAt: string | null;
  rejectedByName: string | null;
  rejectReason: string | null;
  /** The committee member who signed it off (销号), and when: the task's close. */
  signedAt: string | null;
  signedById: string | null;
  signedByName: string | null;
  /** The acceptance evidence the head attached, oldest first; read-only once signed off or rejected. */
  attachments: AttachmentView[];
}
