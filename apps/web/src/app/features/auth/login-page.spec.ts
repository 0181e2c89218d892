import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';
import zh from '../../../../public/i18n/zh-CN.json';
import { problemInterceptor } from '../../core/api/problem.interceptor';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { AuthService } from '../../core/auth/auth.service';
import { LoginPage } from './login-page';
import { SignInFlow } from './sign-in-flow';

@Component({ template: '' })
class Blank {}

describe('Sign-in page', () => {
  let fixture: ComponentFixture<LoginPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [
        LoginPage,
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': zh },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'zh-CN' },
          preloadLangs: true,
        }),
      ],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LoginPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  function type(label: string, value: string): void {
    const input = Array.from(page.querySelectorAll('mat-form-field'))
      .find((field) => field.textContent?.includes(label))
      ?.querySelector('input');
    if (!input) throw new Error(`no field ${label}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    page.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('asks for both fields before calling the api', async () => {
    await submit();

    http.expectNone('/api/auth/login');
    expect(page.textContent).toContain('必填');
  });

  it('says clearly when the password is wrong', async () => {
    type('用户名', 'head.econ');
    type('密码', 'wrong');
    await submit();

    http
      .expectOne('/api/auth/login')
      .flush({ title: 'Not signed in', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();

    expect(page.querySelector('[role="alert"]')?.textContent).toContain('用户名或密码错误');
  });

  it('tells a locked-out user how many minutes to wait', async () => {
    type('用户名', 'head.econ');
    type('密码', 'wrong');
    await submit();

    http
      .expectOne('/api/auth/login')
      .flush(
        { title: 'Too many attempts', status: 429 },
        { status: 429, statusText: '', headers: { 'Retry-After': '600' } },
      );
    await fixture.whenStable();

    expect(page.querySelector('[role="alert"]')?.textContent).toContain('10 分钟后再试');
  });

  it('says when the server cannot be reached', async () => {
    type('用户名', 'head.econ');
    type('密码', 'Demo@2021');
    await submit();

    http.expectOne('/api/auth/login').error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();

    expect(page.querySelector('[role="alert"]')?.textContent).toContain('无法连接服务器');
  });

  it('goes to the page the user wanted once signed in', async () => {
    fixture.componentRef.setInput('returnUrl', '/admin/users');
    type('用户名', 'admin');
    type('密码', 'Demo@2021');
    await submit();

    http.expectOne('/api/auth/login').flush({
      accessToken: 't',
      expiresIn: 900,
      user: {},
      session: { idleTimeoutSeconds: 1800, expiresAt: '2999-01-01T00:00:00Z' },
    });
    http.expectOne('/api/me').flush({ id: 'x', role: 'admin', language: 'zh-CN' });
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/admin/users');
    TestBed.inject(AuthService).endLocally();
  });

  it('goes on to the code step when the account has a second factor', async () => {
    type('用户名', 'committee');
    type('密码', 'Demo@2021');
    await submit();

    http.expectOne('/api/auth/login').flush({ mfaRequired: true, mfaToken: 'mfa-1' });
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/login/next');
    expect(TestBed.inject(SignInFlow).step()).toEqual({ kind: 'mfa', mfaToken: 'mfa-1' });
  });

  it('says so when demo data is on: the demo accounts need no second factor', async () => {
    http
      .expectOne('/api/auth/policy')
      .flush({ demoAccountsExempt: true, passwordMinLength: 12, sessionIdleMinutes: 30, sessionAbsoluteHours: 12 });
    await fixture.whenStable();

    expect(page.querySelector('[data-testid="demo-notice"]')?.textContent).toContain('演示账号');
  });

  it('offers the zone’s identity provider only when single sign-on is configured', async () => {
    expect(page.querySelector('[data-testid="sso-login"]')).toBeNull();
    http.expectOne('/api/auth/oidc/config').flush({ enabled: true });
    await fixture.whenStable();

    const link = page.querySelector<HTMLAnchorElement>('[data-testid="sso-login"]');
    expect(link?.textContent).toContain('使用统一身份认证登录');
    expect(link?.getAttribute('href')).toBe('/api/auth/oidc/login');
  });

  it('says why single sign-on came back without a session', async () => {
    fixture.componentRef.setInput('sso', 'unmapped');
    await fixture.whenStable();

    expect(page.querySelector('[role="status"]')?.textContent).toContain('尚未在本系统分配角色');
  });

  it('goes on to the account’s code step when the provider’s sign-in had no second factor', async () => {
    history.replaceState(null, '', '/login?sso=continue#mfaToken=mfa-sso');
    const next = TestBed.createComponent(LoginPage);
    next.componentRef.setInput('sso', 'continue');
    await next.whenStable();

    expect(TestBed.inject(SignInFlow).step()).toEqual({ kind: 'mfa', mfaToken: 'mfa-sso' });
    // The step token leaves the address bar at once.
    expect(window.location.hash).toBe('');
  });
});
