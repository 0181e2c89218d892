// The audit feature's public face. Its pages are lazy route entries (audit.routes.ts, loaded by path).
export { AuditService } from './audit.service';
