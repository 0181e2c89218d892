// The response shapes of /api/audit/* live in @zibo/domain; re-exported for this feature's files.
export type { AuditEventView, AuditExportFormat, CheckpointView, VerifyResult as VerifyResultView } from '@zibo/domain';
export { AUDIT_EXPORT_FORMATS } from '@zibo/domain';

/** The entity types the api records (a filter may still name any other). */
export const AUDIT_ENTITY_TYPES = [
  'task',
  'report',
  'contribution',
  'amendment',
  'attachment',
  'user',
  'department',
] as const;
