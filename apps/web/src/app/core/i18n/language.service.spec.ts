import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TranslocoService, TranslocoTestingModule } from '@jsverse/transloco';
import type { MeView } from '@zibo/domain';
import { firstValueFrom } from 'rxjs';
import { problemInterceptor } from '../api/problem.interceptor';
import { authInterceptor } from '../auth/auth.interceptor';
import { AuthService } from '../auth/auth.service';
import { LanguageService } from './language.service';

const me: MeView = {
  id: '00000000-0000-4000-8000-000000000003',
  username: 'head.econ',
  displayName: '经发局负责人',
  email: null,
  role: 'dept_head',
  departmentId: null,
  language: 'en',
  locked: false,
  version: 1,
  permissions: [],
  department: null,
  calendar: { timeZone: 'Asia/Shanghai', reportDueDay: 5, today: '2026-11-02' },
  mfa: { enabled: false, required: false },
};

describe('UI language', () => {
  let http: HttpTestingController;
  let language: LanguageService;
  let transloco: TranslocoService;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': { app: { name: '督办' } }, en: { app: { name: 'Supervision' } } },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'zh-CN' },
          preloadLangs: true,
        }),
      ],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    language = TestBed.inject(LanguageService);
    transloco = TestBed.inject(TranslocoService);
  });

  afterEach(() => http.verify());

  async function signIn(): Promise<void> {
    const auth = TestBed.inject(AuthService);
    const done = firstValueFrom(auth.signIn({ username: 'head.econ', password: 'Demo@2021' }));
    http.expectOne('/api/auth/login').flush({
      accessToken: 't',
      expiresIn: 900,
      user: me,
      session: { idleTimeoutSeconds: 1800, expiresAt: '2999-01-01T00:00:00Z' },
    });
    http.expectOne('/api/me').flush(me);
    await done;
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
  }

  it('starts in Chinese', async () => {
    await language.initialize();

    expect(language.current()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('before sign-in, remembers the choice on this computer without calling the api', async () => {
    await language.initialize();

    await firstValueFrom(language.switchTo('en'));

    expect(transloco.getActiveLang()).toBe('en');
    expect(localStorage.getItem('zibo.language')).toBe('en');
    http.expectNone('/api/me');
  });

  it('starts in the language chosen before the reload', async () => {
    localStorage.setItem('zibo.language', 'en');

    await language.initialize();

    expect(language.current()).toBe('en');
  });

  it("on sign-in, adopts the user's saved preference", async () => {
    await language.initialize();

    await signIn();

    expect(language.current()).toBe('en');
    expect(transloco.getActiveLang()).toBe('en');
  });

  it('once signed in, saves a switch to the profile', async () => {
    await language.initialize();
    await signIn();

    const done = firstValueFrom(language.switchTo('zh-CN'));
    await new Promise((resolve) => setTimeout(resolve));
    const patch = http.expectOne('/api/me');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ language: 'zh-CN' });
    expect(patch.request.headers.has('If-Match')).toBe(false);
    patch.flush({ ...me, language: 'zh-CN' });
    await done;

    expect(language.current()).toBe('zh-CN');
  });
});
