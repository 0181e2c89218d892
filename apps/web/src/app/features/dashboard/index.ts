// The dashboard feature's public face. Its page is a lazy route entry (dashboard.routes.ts, loaded by path).
export { DashboardService } from './dashboard.service';
