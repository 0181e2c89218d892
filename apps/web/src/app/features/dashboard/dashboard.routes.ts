import type { Route } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';

export const DASHBOARD_ROUTES: Route[] = [
  {
    path: '',
    // echarts loads with the dashboard only, never in the initial bundle.
    providers: [provideEchartsCore({ echarts: () => import('./echarts-setup').then((m) => m.default) })],
    loadComponent: () => import('./dashboard-page').then((m) => m.DashboardPage),
  },
];
