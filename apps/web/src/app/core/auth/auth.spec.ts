import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { LoginResponse, MeView } from '@zibo/domain';
import { firstValueFrom } from 'rxjs';
import { ApiError } from '../api/api-error';
import { problemInterceptor } from '../api/problem.interceptor';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { SessionActivity } from './session-activity';
import { TokenStore } from './token-store';

@Component({ template: '' })
class Blank {}

const admin: MeView = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'admin',
  displayName: '系统管理员',
  email: null,
  role: 'admin',
  departmentId: null,
  language: 'zh-CN',
  locked: false,
  version: 1,
  permissions: [],
  department: null,
  calendar: { timeZone: 'Asia/Shanghai', reportDueDay: 5, today: '2026-11-02' },
  mfa: { enabled: false, required: false },
};

const session = (accessToken: string): LoginResponse => ({
  accessToken,
  expiresIn: 900,
  user: admin,
  session: { idleTimeoutSeconds: 1800, expiresAt: '2999-01-01T00:00:00Z' },
});

const unauthorized = { title: 'Not signed in', status: 401 };

describe('Signing in and the session', () => {
  let http: HttpTestingController;
  let auth: AuthService;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: Blank },
          { path: '**', component: Blank },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    router = TestBed.inject(Router);
  });

  afterEach(() => {
    auth.endLocally();
    http.verify();
  });

  async function signIn(): Promise<void> {
    const done = firstValueFrom(auth.signIn({ username: 'admin', password: 'Demo@2021' }));
    http.expectOne('/api/auth/login').flush(session('token-1'));
    http.expectOne('/api/me').flush(admin);
    await done;
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve));

  it('sends the credentials, keeps the token in memory only and loads the profile with it', async () => {
    const done = firstValueFrom(auth.signIn({ username: 'admin', password: 'Demo@2021' }));

    const login = http.expectOne('/api/auth/login');
    expect(login.request.method).toBe('POST');
    expect(login.request.body).toEqual({ username: 'admin', password: 'Demo@2021' });
    login.flush(session('token-1'));

    const me = http.expectOne('/api/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer token-1');
    me.flush(admin);

    await expect(done).resolves.toEqual({ signedIn: admin });
    expect(auth.me()?.username).toBe('admin');
    expect(TestBed.inject(TokenStore).read()).toBe('token-1');
    // Nothing a script could steal later: no token in storage.
    expect(JSON.stringify(localStorage)).not.toContain('token-1');
  });

  it('hands back the next step when the account needs a code, and no session yet', async () => {
    const done = firstValueFrom(auth.signIn({ username: 'committee', password: 'x' }));
    http.expectOne('/api/auth/login').flush({ mfaRequired: true, mfaToken: 'mfa-1' });
    await expect(done).resolves.toEqual({ mfaRequired: true, mfaToken: 'mfa-1' });
    expect(auth.signedIn()).toBe(false);
    expect(auth.token()).toBeNull();

    const verified = firstValueFrom(auth.verifyCode('mfa-1', '123456'));
    const request = http.expectOne('/api/auth/login/mfa');
    expect(request.request.body).toEqual({ mfaToken: 'mfa-1', code: '123456' });
    request.flush(session('token-2'));
    http.expectOne('/api/me').flush(admin);
    await expect(verified).resolves.toEqual({ signedIn: admin });
  });

  it('sends a sign-in step token as it is, for the step only', async () => {
    const done = firstValueFrom(auth.changeExpiredPassword('change-1', 'lantern-crane-kite'));
    const request = http.expectOne('/api/me/password');
    expect(request.request.headers.get('Authorization')).toBe('Bearer change-1');
    expect(request.request.body).toEqual({ newPassword: 'lantern-crane-kite' });
    request.flush({ mfaEnrolmentRequired: true, enrolToken: 'enrol-1' });
    await expect(done).resolves.toEqual({ mfaEnrolmentRequired: true, enrolToken: 'enrol-1' });
  });

  it('answers what the signed-in role may do, and nothing while signed out', async () => {
    expect(auth.can('users:create')).toBe(false);

    await signIn();

    expect(auth.can('users:create')).toBe(true);
    expect(auth.can('audit:read')).toBe(false);
    expect(auth.can('ledger:read')).toBe(false);
  });

  it('reports a wrong password as a 401 ApiError without leaving the sign-in page or refreshing', async () => {
    await router.navigateByUrl('/login');
    const done = firstValueFrom(auth.signIn({ username: 'admin', password: 'nope' }));

    http.expectOne('/api/auth/login').flush(unauthorized, { status: 401, statusText: 'Unauthorized' });

    await expect(done).rejects.toMatchObject({ status: 401 });
    http.expectNone('/api/auth/refresh');
    expect(router.url).toBe('/login');
    expect(auth.token()).toBeNull();
  });

  it('does not send the token to anything but the api', async () => {
    await signIn();

    TestBed.inject(HttpClient).get('/i18n/en.json').subscribe();
    expect(http.expectOne('/i18n/en.json').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401, refreshes the token once and sends the request again', async () => {
    await signIn();
    const client = TestBed.inject(HttpClient);

    const result = firstValueFrom(client.get('/api/users'));
    http.expectOne('/api/users').flush(unauthorized, { status: 401, statusText: '' });
    await settle();
    http.expectOne('/api/auth/refresh').flush(session('token-2'));
    await settle();
    const retried = http.expectOne('/api/users');
    expect(retried.request.headers.get('Authorization')).toBe('Bearer token-2');
    retried.flush({ items: [], nextCursor: null });

    await expect(result).resolves.toEqual({ items: [], nextCursor: null });
    expect(auth.signedIn()).toBe(true);
  });

  it('when the session has ended, forgets it and goes to sign-in, remembering the page', async () => {
    await signIn();
    await router.navigateByUrl('/admin/users');
    const client = TestBed.inject(HttpClient);

    const failed = firstValueFrom(client.get('/api/users'));
    http.expectOne('/api/users').flush(unauthorized, { status: 401, statusText: '' });
    await settle();
    http.expectOne('/api/auth/refresh').flush(unauthorized, { status: 401, statusText: '' });

    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await settle();
    expect(auth.signedIn()).toBe(false);
    expect(auth.token()).toBeNull();
    expect(router.url).toBe('/login?returnUrl=%2Fadmin%2Fusers&reason=expired');
  });

  it('a 503 from the refresh (the api’s database down) signs nobody out', async () => {
    await signIn();
    const client = TestBed.inject(HttpClient);

    const failed = firstValueFrom(client.get('/api/users'));
    http.expectOne('/api/users').flush(unauthorized, { status: 401, statusText: '' });
    await settle();
    http
      .expectOne('/api/auth/refresh')
      .flush({ title: 'Service unavailable', status: 503 }, { status: 503, statusText: '' });

    await expect(failed).rejects.toMatchObject({ status: 503 });
    expect(auth.signedIn()).toBe(true);
  });

  it('refreshes once for several requests failing together', async () => {
    await signIn();
    const client = TestBed.inject(HttpClient);
    const results = [firstValueFrom(client.get('/api/tasks')), firstValueFrom(client.get('/api/dashboard'))];
    http.expectOne('/api/tasks').flush(unauthorized, { status: 401, statusText: '' });
    http.expectOne('/api/dashboard').flush(unauthorized, { status: 401, statusText: '' });
    await settle();
    http.expectOne('/api/auth/refresh').flush(session('token-3'));
    await settle();
    http.expectOne('/api/tasks').flush([]);
    http.expectOne('/api/dashboard').flush({});
    await Promise.all(results);
  });

  it('counts requests the user started as activity, and not the ones marked as background', async () => {
    await signIn();
    const activity = TestBed.inject(SessionActivity);
    const client = TestBed.inject(HttpClient);
    const before = activity.idleAt() ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 5));

    client.get('/api/notifications', { headers: { 'X-Background': '1' } }).subscribe();
    http.expectOne('/api/notifications').flush({ items: [], nextCursor: null });
    expect(activity.idleAt()).toBe(before);

    client.get('/api/tasks').subscribe();
    http.expectOne('/api/tasks').flush([]);
    expect(activity.idleAt()).toBeGreaterThan(before);
  });

  it('signing out calls the api with the token, then forgets token and profile', async () => {
    await signIn();

    const done = firstValueFrom(auth.signOut());
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer token-1');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(auth.signedIn()).toBe(false);
    expect(auth.token()).toBeNull();
  });

  it('restores a session after a reload through the refresh cookie', async () => {
    const restored = firstValueFrom(auth.restore());
    http.expectOne('/api/auth/refresh').flush(session('token-4'));
    await settle();
    http.expectOne('/api/me').flush(admin);
    await expect(restored).resolves.toEqual(admin);
    expect(auth.token()).toBe('token-4');
  });
});
