import type { Route } from '@angular/router';

export const SECURITY_ADMIN_ROUTES: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'policy' },
  {
    path: 'policy',
    title: 'securityPolicy.title',
    loadComponent: () => import('./security-policy-page').then((m) => m.SecurityPolicyPage),
  },
  {
    path: 'sso-mappings',
    title: 'ssoMappings.title',
    loadComponent: () => import('./sso-mappings-page').then((m) => m.SsoMappingsPage),
  },
];
