import type { Route } from '@angular/router';

export const FOCUS_AREAS_ROUTES: Route[] = [
  { path: '', loadComponent: () => import('./focus-areas-page').then((m) => m.FocusAreasPage) },
];
