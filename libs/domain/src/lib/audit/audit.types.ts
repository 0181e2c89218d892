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

/** One entry of `GET /api/tasks/{id}/history`: an audit event of the task or one of its records. */
export type HistoryEntryView = Omit<AuditEventView, 'departmentId' | 'requestId' | 'ip' | 'prevHash' | 'hash'>;

/** The entity types the api records in the audit log (a filter may still name any other). */
export const AUDIT_ENTITY_TYPES = [
  'task',
  'report',
  'contribution',
  'amendment',
  'attachment',
  'user',
  'department',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

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

/** A public key that verifies checkpoints (`GET /api/audit/public-keys`): past keys stay listed. */
export interface SigningKeyView {
  keyId: string;
  publicKeyPem: string;
  /** When this api first used the key. */
  createdAt: string;
  /** The key new checkpoints are signed with. */
  current: boolean;
}

/**
 * Where verification found the log not to be what was recorded: the event's `seq`, what is wrong
 * (`reason`: a sentence, or the code `checkpoint-missing`), and the stored `column` at fault
 * when one is (`department_id`, `before`, … online; the file's column name offline).
 */
export interface VerifyFinding {
  seq: number;
  reason: string;
  column?: string;
  /** The explanation of a coded reason. */
  detail?: string;
}

/** Something to look at that does not make the log untrustworthy (e.g. `checkpoint-overdue`). */
export interface VerifyWarning {
  seq: number;
  reason: string;
  detail: string;
}

/** `GET /api/audit/verify`: the walk of the chain against the signed checkpoints. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  checkpoint: (CheckpointView & { signatureValid: boolean }) | null;
  brokenAt?: VerifyFinding;
  warnings: VerifyWarning[];
}

export const AUDIT_EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/**
 * Security events that record a reading or a refusal rather than a change (docs/rules.md: security
 * events are audit events). They stay in the audit log and out of a task's history of changes.
 */
export const NON_CHANGE_ACTIONS = [
  'access.denied',
  'attachment.download',
  'ledger.export',
  'audit.export',
  'bulletin.export',
] as const;
