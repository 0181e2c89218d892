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
