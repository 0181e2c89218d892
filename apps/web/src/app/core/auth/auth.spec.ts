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
import { TokenStore } from './token-store';

@Component({ template: '' })
class Blank {}

const admin: MeView = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'admin',
  displayName: '系统管理员',
  role: 'admin',
  departmentId: null,
  language: 'zh-CN',
  locked: false,
  version: 1,
  permissions: [],
  department: null,
};

const loginResponse: LoginResponse = {
  accessToken: 'token-1',
  expiresAt: '2999-01-01T00:00:00Z',
  user: admin,
};

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

  afterEach(() => http.verify());

  async function signIn(): Promise<void> {
    const done = firstValueFrom(auth.signIn({ username: 'admin', password: 'Demo@2021' }));
    http.expectOne('/api/auth/login').flush(loginResponse);
    http.expectOne('/api/me').flush(admin);
    await done;
  }

  it('sends the credentials, keeps the token and loads the profile with it', async () => {
    const done = firstValueFrom(auth.signIn({ username: 'admin', password: 'Demo@2021' }));

    const login = http.expectOne('/api/auth/login');
    expect(login.request.method).toBe('POST');
    expect(login.request.body).toEqual({ username: 'admin', password: 'Demo@2021' });
    login.flush(loginResponse);

    const me = http.expectOne('/api/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer token-1');
    me.flush(admin);

    await expect(done).resolves.toEqual(admin);
    expect(auth.me()?.username).toBe('admin');
    expect(TestBed.inject(TokenStore).read()).toBe('token-1');
  });

  it('answers what the signed-in role may do, and nothing while signed out', async () => {
    expect(auth.can('users:create')).toBe(false);

    await signIn();

    expect(auth.can('users:create')).toBe(true);
    expect(auth.can('audit:read')).toBe(false);
    expect(auth.can('ledger:read')).toBe(false);
  });

  it('reports a wrong password as a 401 ApiError without leaving the sign-in page', async () => {
    await router.navigateByUrl('/login');
    const done = firstValueFrom(auth.signIn({ username: 'admin', password: 'nope' }));

    http
      .expectOne('/api/auth/login')
      .flush(
        { type: 'urn:zibo:problem:unauthenticated', title: 'Not signed in', status: 401 },
        { status: 401, statusText: 'Unauthorized' },
      );

    await expect(done).rejects.toMatchObject({ status: 401 });
    expect(router.url).toBe('/login');
    expect(auth.hasToken()).toBe(false);
  });

  it('does not send the token to anything but the api', async () => {
    await signIn();

    TestBed.inject(HttpClient).get('/i18n/en.json').subscribe();
    expect(http.expectOne('/i18n/en.json').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401 from the api, forgets the session and goes to sign-in, remembering the page', async () => {
    await signIn();
    await router.navigateByUrl('/admin/users');
    const client = TestBed.inject(HttpClient);

    const failed = firstValueFrom(client.get('/api/users'));
    http.expectOne('/api/users').flush({ title: 'Not signed in', status: 401 }, { status: 401, statusText: '' });

    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await new Promise((resolve) => setTimeout(resolve));
    expect(auth.signedIn()).toBe(false);
    expect(auth.hasToken()).toBe(false);
    expect(router.url).toBe('/login?returnUrl=%2Fadmin%2Fusers&reason=expired');
  });

  it('maps a problem+json failure to an ApiError with the field errors', async () => {
    await signIn();
    const client = TestBed.inject(HttpClient);

    const failed = firstValueFrom(client.post('/api/departments', {}));
    http.expectOne('/api/departments').flush(
      {
        type: 'urn:zibo:problem:validation',
        title: 'Invalid request',
        status: 400,
        errors: [{ field: 'code', code: 'too_small', message: 'At least 2 characters' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );

    await expect(failed).rejects.toMatchObject({
      status: 400,
      fieldErrors: [{ field: 'code', code: 'too_small', message: 'At least 2 characters' }],
    });
    expect(auth.signedIn()).toBe(true);
  });

  it('drops an expired token instead of sending it', () => {
    localStorage.setItem('zibo.accessToken', 'old');
    localStorage.setItem('zibo.accessTokenExpiresAt', '2000-01-01T00:00:00Z');

    expect(auth.hasToken()).toBe(false);
    expect(localStorage.getItem('zibo.accessToken')).toBeNull();
  });

  it('signing out forgets token and profile', async () => {
    await signIn();

    auth.signOut();

    expect(auth.signedIn()).toBe(false);
    expect(auth.hasToken()).toBe(false);
  });
});
