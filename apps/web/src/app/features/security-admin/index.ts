// The security-admin feature's public face. Its pages are lazy route entries (security-admin.routes.ts,
// loaded by path).
export { SecurityAdminService } from './security-admin.service';
