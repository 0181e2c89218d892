import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { MeView } from '@zibo/domain';
import { problemInterceptor } from '../api/problem.interceptor';
import { authInterceptor } from './auth.interceptor';
import { authGuard, landingRedirect, permissionGuard } from './auth.guards';
import { AuthService } from './auth.service';

@Component({ template: '' })
class Blank {}

function me(role: MeView['role']): MeView {
  return {
    id: '00000000-0000-4000-8000-000000000002',
    username: `u.${role}`,
    displayName: 'Someone',
    email: null,
    role,
    departmentId: null,
    language: 'zh-CN',
    locked: false,
    version: 1,
    permissions: [],
    department: null,
    calendar: { timeZone: 'Asia/Shanghai', reportDueDay: 5, today: '2026-11-02' },
    mfa: { enabled: false, required: false },
  };
}

const session = {
  accessToken: 'token-1',
  expiresIn: 900,
  user: {},
  session: { idleTimeoutSeconds: 1800, expiresAt: '2999-01-01T00:00:00Z' },
};

describe('Route guards', () => {
  let http: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: Blank },
          {
            path: '',
            canMatch: [authGuard],
            children: [
              { path: '', pathMatch: 'full', redirectTo: landingRedirect },
              { path: 'home', component: Blank },
              { path: 'focus-areas', component: Blank },
              { path: 'tasks', component: Blank },
              { path: 'dashboard', component: Blank },
              {
                path: 'plan-drift',
                canMatch: [permissionGuard('tasks:read-all', 'tasks:read-own-department')],
                component: Blank,
              },
              { path: 'admin/users', canMatch: [permissionGuard('users:read')], component: Blank },
              { path: 'notifications', component: Blank },
            ],
          },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => {
    TestBed.inject(AuthService).endLocally();
    http.verify();
  });

  /** The page is reloaded: the session comes back through the refresh cookie, then the profile. */
  async function restoreAs(role: MeView['role']): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/auth/refresh').flush(session);
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/me').flush(me(role));
  }

  it('sends a visitor without a session to sign-in, remembering the page', async () => {
    const navigation = router.navigateByUrl('/admin/users');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/auth/refresh').flush({ title: 'Not signed in', status: 401 }, { status: 401, statusText: '' });
    await navigation;

    expect(router.url).toBe('/login?returnUrl=%2Fadmin%2Fusers');
  });

  it('after a reload, restores the session through the refresh cookie and lets the user in', async () => {
    const navigation = router.navigateByUrl('/admin/users');
    await restoreAs('admin');
    await navigation;

    expect(router.url).toBe('/admin/users');
  });

  it('keeps a department head out of user management, sending them to their to-do inbox', async () => {
    const navigation = router.navigateByUrl('/admin/users');
    await restoreAs('dept_head');
    await navigation;

    expect(router.url).toBe('/home');
  });

  it('lets in anyone holding one of several permissions', async () => {
    const navigation = router.navigateByUrl('/plan-drift');
    await restoreAs('dept_staff');
    await navigation;

    expect(router.url).toBe('/plan-drift');
  });

  it.each([
    // Every role starts on its to-do inbox (待办).
    ['committee', '/home'],
    ['auditor', '/home'],
    ['admin', '/home'],
    ['security_admin', '/home'],
    ['dept_head', '/home'],
    ['dept_staff', '/home'],
  ] as const)('starts %s on %s', async (role, landing) => {
    const navigation = router.navigateByUrl('/');
    await restoreAs(role);
    await navigation;

    expect(router.url).toBe(landing);
  });

  it('when the server cannot be reached, keeps the cookie and says so on the sign-in page', async () => {
    const navigation = router.navigateByUrl('/focus-areas');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    await navigation;

    expect(router.url).toBe('/login?returnUrl=%2Ffocus-areas&reason=offline');
  });

  it('when the api answers 503 (its database is down), says so too: a 503 never signs anyone out', async () => {
    const navigation = router.navigateByUrl('/focus-areas');
    await new Promise((resolve) => setTimeout(resolve));
    http
      .expectOne('/api/auth/refresh')
      .flush(
        { type: 'urn:zibo:problem:unavailable', title: 'Service unavailable', status: 503 },
        { status: 503, statusText: 'Service Unavailable', headers: { 'Retry-After': '5' } },
      );
    await navigation;

    expect(router.url).toBe('/login?returnUrl=%2Ffocus-areas&reason=offline');
  });
});
