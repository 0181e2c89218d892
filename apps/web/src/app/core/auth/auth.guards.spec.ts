import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { MeView } from '@zibo/domain';
import { problemInterceptor } from '../api/problem.interceptor';
import { authInterceptor } from './auth.interceptor';
import { authGuard, landingRedirect, permissionGuard } from './auth.guards';

@Component({ template: '' })
class Blank {}

function me(role: MeView['role']): MeView {
  return {
    id: '00000000-0000-4000-8000-000000000002',
    username: `u.${role}`,
    displayName: 'Someone',
    role,
    departmentId: null,
    language: 'zh-CN',
    locked: false,
    version: 1,
    permissions: [],
    department: null,
  };
}

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

  afterEach(() => http.verify());

  it('sends a visitor without a session to sign-in, remembering the page', async () => {
    await router.navigateByUrl('/admin/users');

    expect(router.url).toBe('/login?returnUrl=%2Fadmin%2Fusers');
  });

  it('after a reload, restores the profile from the stored token and lets the user in', async () => {
    localStorage.setItem('zibo.accessToken', 'token-1');

    const navigation = router.navigateByUrl('/admin/users');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/me').flush(me('admin'));
    await navigation;

    expect(router.url).toBe('/admin/users');
  });

  it('keeps a department head out of user management, sending them to their task list', async () => {
    localStorage.setItem('zibo.accessToken', 'token-1');

    const navigation = router.navigateByUrl('/admin/users');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/me').flush(me('dept_head'));
    await navigation;

    expect(router.url).toBe('/tasks');
  });

  it('lets in anyone holding one of several permissions', async () => {
    localStorage.setItem('zibo.accessToken', 'token-1');

    const navigation = router.navigateByUrl('/plan-drift');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/me').flush(me('dept_staff'));
    await navigation;

    expect(router.url).toBe('/plan-drift');
  });

  it.each([
    ['committee', '/dashboard'],
    ['auditor', '/dashboard'],
    ['admin', '/dashboard'],
    // Reads no task: starts on the accounts it keeps.
    ['security_admin', '/admin/users'],
    ['dept_head', '/tasks'],
    ['dept_staff', '/tasks'],
  ] as const)('starts %s on %s', async (role, landing) => {
    localStorage.setItem('zibo.accessToken', 'token-1');

    const navigation = router.navigateByUrl('/');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/me').flush(me(role));
    await navigation;

    expect(router.url).toBe(landing);
  });

  it('a token the api no longer accepts leads to sign-in, saying the session expired', async () => {
    localStorage.setItem('zibo.accessToken', 'stale');

    const navigation = router.navigateByUrl('/focus-areas');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/me').flush({ title: 'Not signed in', status: 401 }, { status: 401, statusText: '' });
    await navigation;

    expect(router.url).toBe('/login?returnUrl=%2Ffocus-areas&reason=expired');
    expect(localStorage.getItem('zibo.accessToken')).toBeNull();
  });

  it('when the server cannot be reached, keeps the token and says so on the sign-in page', async () => {
    localStorage.setItem('zibo.accessToken', 'token-1');

    const navigation = router.navigateByUrl('/focus-areas');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/me').error(new ProgressEvent('error'), { status: 0 });
    await navigation;

    expect(router.url).toBe('/login?returnUrl=%2Ffocus-areas&reason=offline');
    expect(localStorage.getItem('zibo.accessToken')).toBe('token-1');
  });

  it('when the api answers 503 (its database is down), keeps the token too: a 503 never signs anyone out', async () => {
    localStorage.setItem('zibo.accessToken', 'token-1');

    const navigation = router.navigateByUrl('/focus-areas');
    await new Promise((resolve) => setTimeout(resolve));
    http
      .expectOne('/api/me')
      .flush(
        { type: 'urn:zibo:problem:unavailable', title: 'Service unavailable', status: 503 },
        { status: 503, statusText: 'Service Unavailable', headers: { 'Retry-After': '5' } },
      );
    await navigation;

    expect(router.url).toBe('/login?returnUrl=%2Ffocus-areas&reason=offline');
    expect(localStorage.getItem('zibo.accessToken')).toBe('token-1');
  });
});
