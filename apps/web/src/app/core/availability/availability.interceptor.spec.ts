import { HttpClient, HttpHeaders, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';
import zh from '../../../../public/i18n/zh-CN.json';
import { ApiError } from '../api/api-error';
import { HEALTH_PATH } from '../api/api-paths';
import { problemInterceptor } from '../api/problem.interceptor';
import { authInterceptor } from '../auth/auth.interceptor';
import { TokenStore } from '../auth/token-store';
import { availabilityInterceptor, READ_RETRIES, retryDelayMs } from './availability.interceptor';
import { ServiceAvailability } from './service-availability';
import { ServiceBanner } from './service-banner';

@Component({ template: '' })
class Blank {}

const unavailable = {
  type: 'urn:zibo:problem:unavailable',
  title: 'Service unavailable',
  status: 503,
  detail: 'The database cannot be reached or is overloaded right now. Try again in 5 seconds.',
  retryAfter: 5,
};

/** Answers like the api while its database is down. */
function answer503(request: TestRequest, retryAfter = '5'): void {
  request.flush(unavailable, {
    status: 503,
    statusText: 'Service Unavailable',
    headers: new HttpHeaders({ 'Content-Type': 'application/problem+json', 'Retry-After': retryAfter }),
  });
}

describe('While the api cannot answer', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let availability: ServiceAvailability;

  beforeEach(() => {
    jest.useFakeTimers();
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': zh },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'zh-CN' },
          preloadLangs: true,
        }),
      ],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor, availabilityInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    availability = TestBed.inject(ServiceAvailability);
    TestBed.inject(TokenStore).save('token-1', 900);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  /** The health probe the banner starts, answered as given. */
  function answerProbe(status: 200 | 503): void {
    const probe = http.expectOne(HEALTH_PATH);
    if (status === 200) probe.flush({ status: 'ok' });
    else answer503(probe);
  }

  it('retries a read after Retry-After, shows the banner meanwhile, and hides it when the read succeeds', () => {
    const results: unknown[] = [];
    client.get('/api/tasks').subscribe((body) => results.push(body));

    answer503(http.expectOne('/api/tasks'));
    expect(availability.available()).toBe(false);
    answerProbe(503);

    jest.advanceTimersByTime(4_999);
    http.expectNone('/api/tasks');
    jest.advanceTimersByTime(1);
    http.expectOne('/api/tasks').flush({ items: [], nextCursor: null });

    expect(results).toEqual([{ items: [], nextCursor: null }]);
    expect(availability.available()).toBe(true);
    // The probe's own retry finds the service back too.
    jest.advanceTimersByTime(5_000);
    answerProbe(200);
  });

  it('treats no answer at all (status 0) like a 503: retried with back-off from 1 s', () => {
    let done = false;
    client.get('/api/me').subscribe(() => (done = true));

    http.expectOne('/api/me').error(new ProgressEvent('error'));
    expect(availability.available()).toBe(false);
    http.expectOne(HEALTH_PATH).error(new ProgressEvent('error'));

    jest.advanceTimersByTime(1_000);
    http.expectOne('/api/me').error(new ProgressEvent('error'));
    jest.advanceTimersByTime(1_999);
    http.expectNone('/api/me');
    jest.advanceTimersByTime(1);
    http.expectOne('/api/me').flush({ id: 'u1' });
    expect(done).toBe(true);
    expect(availability.available()).toBe(true);
    jest.advanceTimersByTime(2_000);
    http.expectOne(HEALTH_PATH).flush({ status: 'ok' });
  });

  it('gives a read up after its retries, with the 503 for the caller', () => {
    let failure: unknown;
    client.get('/api/dashboard').subscribe({ error: (error: unknown) => (failure = error) });

    for (let attempt = 0; attempt <= READ_RETRIES; attempt++) {
      answer503(http.expectOne('/api/dashboard'));
      for (const probe of http.match(HEALTH_PATH)) answer503(probe);
      jest.advanceTimersByTime(30_000);
    }
    for (const probe of http.match(HEALTH_PATH)) probe.flush({ status: 'ok' });

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(503);
  });

  it('does not retry a write: the caller gets the 503 at once (its form keeps the values), the banner goes when the probe gets through', () => {
    let failure: unknown;
    client
      .post('/api/departments', { code: 'new', name: '新部门' })
      .subscribe({ error: (e: unknown) => (failure = e) });

    answer503(http.expectOne('/api/departments'));
    expect((failure as ApiError).status).toBe(503);
    expect(availability.available()).toBe(false);

    jest.advanceTimersByTime(60_000);
    http.expectNone((request) => request.method === 'POST');
    answerProbe(200);
    expect(availability.available()).toBe(true);
  });

  it('never signs out on a 503: the token stays and nobody is sent to sign-in', async () => {
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/tasks/new');
    client.post('/api/tasks', {}).subscribe({ error: () => undefined });
    answer503(http.expectOne('/api/tasks'));
    answerProbe(200);

    expect(TestBed.inject(TokenStore).read()).toBe('token-1');
    expect(router.url).toBe('/tasks/new');
  });

  it('leaves other failures alone: a 404 is neither retried nor a reason for the banner', () => {
    let failure: unknown;
    client.get('/api/tasks/x').subscribe({ error: (e: unknown) => (failure = e) });
    http
      .expectOne('/api/tasks/x')
      .flush({ title: 'Task not found', status: 404 }, { status: 404, statusText: 'Not Found' });

    jest.advanceTimersByTime(60_000);
    http.expectNone('/api/tasks/x');
    expect((failure as ApiError).status).toBe(404);
    expect(availability.available()).toBe(true);
  });

  it('shows the banner text while unavailable, and nothing otherwise', () => {
    const fixture = TestBed.createComponent(ServiceBanner);
    fixture.detectChanges();
    const page = fixture.nativeElement as HTMLElement;
    expect(page.textContent?.trim()).toBe('');

    client.get('/api/tasks').subscribe();
    answer503(http.expectOne('/api/tasks'));
    fixture.detectChanges();
    expect(page.querySelector('[role="status"]')?.textContent).toContain('服务暂时不可用，正在重试…');

    jest.advanceTimersByTime(5_000);
    http.expectOne('/api/tasks').flush({ items: [] });
    fixture.detectChanges();
    expect(page.textContent?.trim()).toBe('');
    for (const probe of http.match(HEALTH_PATH)) probe.flush({ status: 'ok' });
  });
});

describe('Retry delays', () => {
  it.each([
    [0, null, 1_000],
    [1, null, 2_000],
    [3, null, 8_000],
    [5, null, 30_000],
    [0, 5, 5_000],
    [3, 5, 8_000],
    [0, 600, 30_000],
  ])('attempt %i with Retry-After %p waits %i ms', (attempt, retryAfter, expected) => {
    expect(retryDelayMs(attempt, retryAfter)).toBe(expected);
  });
});
