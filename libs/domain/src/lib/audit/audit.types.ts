/** One audit event as `GET /api/audit/events` returns it. */
export interface AuditEventView {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  departmentId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  sha256: string | null;
  prevHash: string;
  hash: string;
}

/** A signed checkpoint of the audit chain: `count` events ending in `headHash` at `seq`. */
export interface CheckpointView {
  seq: number;
  headHash: string;
  count: number;
  at: string;
  keyId: string;
  payload: string;
  signature: string;
}

/** `GET /api/audit/verify`: the walk of the chain against the latest signed checkpoint. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  checkpoint: (CheckpointView & { signatureValid: boolean }) | null;
  brokenAt?: { seq: number; reason: string };
}

export const AUDIT_EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
