import { type UrgeLevel, type UrgeView, urgeStatus } from '@zibo/domain';
import { SupervisionRecords } from './supervision-records';

export interface UrgeRow {
  id: string;
  task_id: string;
  task_title: string;
  department_id: string;
  message: string;
  respond_by: string;
  created_by_id: string | null;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_id: string | null;
  response: string | null;
  responded_at: Date | null;
  responded_by_id: string | null;
  level: UrgeLevel;
  escalated_at: Date | null;
  version: number;
}

/** The urge columns with its task's title, for `FROM urge u JOIN task t ON t.id = u.task_id`. */
export const URGE_COLUMNS = `u.id, u.task_id, t.title AS task_title, u.department_id, u.message,
  to_char(u.respond_by, 'YYYY-MM-DD') AS respond_by, u.created_by_id, u.created_at, u.acknowledged_at,
  u.acknowledged_by_id, u.response, u.responded_at, u.responded_by_id, u.level, u.escalated_at, u.version`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toUrgeView(r: UrgeRow, today: string): UrgeView {
  return {
    id: r.id,
    taskId: r.task_id,
    taskTitle: r.task_title,
    departmentId: r.department_id,
    message: r.message,
    respondBy: r.respond_by,
    createdById: r.created_by_id,
    automatic: r.created_by_id === null,
    createdAt: r.created_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedById: r.acknowledged_by_id,
    response: r.response,
    respondedAt: iso(r.responded_at),
    respondedById: r.responded_by_id,
    status: urgeStatus({ respondBy: r.respond_by, respondedAt: r.responded_at }, today),
    level: Number(r.level) as UrgeLevel,
    escalatedAt: iso(r.escalated_at),
    version: r.version,
  };
}

export const URGES = new SupervisionRecords<UrgeRow, UrgeView>({
  noun: 'urge',
  alias: 'u',
  from: 'urge u JOIN task t ON t.id = u.task_id',
  columns: URGE_COLUMNS,
  at: 'u.created_at',
  toView: toUrgeView,
  atOf: (urge) => urge.createdAt,
});
