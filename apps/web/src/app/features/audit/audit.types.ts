// The response shapes of /api/audit/* live in @zibo/domain; re-exported for this feature's files.
export type { AuditEventView, AuditExportFormat, CheckpointView, VerifyResult as VerifyResultView } from '@zibo/domain';
export { AUDIT_ENTITY_TYPES, AUDIT_EXPORT_FORMATS } from '@zibo/domain';
