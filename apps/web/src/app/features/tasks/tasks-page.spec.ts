import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { TranslocoTestingModule } from '@jsverse/transloco';
import { type Permission, type TaskListItemView, type TaskTotalsView, hasPermission } from '@zibo/domain';
import zh from '../../../../public/i18n/zh-CN.json';
import { problemInterceptor } from '../../core/api/problem.interceptor';
import { AuthService } from '../../core/auth/auth.service';
import { TasksPage } from './tasks-page';

const task = (id: string, title: string, dueDate: string): TaskListItemView =>
  ({
    id,
    workItemCode: 'FA2.2',
    focusAreaCode: 'FA2',
    title,
    leadDepartmentId: 'd1',
    coDepartmentIds: [],
    startDate: null,
    dueDate,
    baselineDueDate: null,
    reportingCycle: 'monthly',
    status: 'in_progress',
    version: 1,
    rag: 'red',
    ragReasons: [],
    overdue: false,
    percentComplete: 40,
    expectedPercent: 50,
    latestReport: null,
  }) as unknown as TaskListItemView;

const TOTALS: TaskTotalsView = {
  total: 7,
  rag: { red: 2, amber: 1, green: 3, none: 1 },
  status: { draft: 1, assigned: 2, in_progress: 3, completed: 1, cancelled: 0 },
  overdue: 2,
};

describe('Task list page: sort headers and the totals line', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  async function open(url: string): Promise<void> {
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
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'tasks', component: TasksPage }]),
        {
          provide: AuthService,
          useValue: {
            me: signal({ id: 'u', role: 'committee', departmentId: null }),
            can: (permission: Permission) => hasPermission('committee', permission),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, TasksPage);
    http.match((request) => request.url === '/api/focus-areas' || request.url === '/api/departments');
  }

  const listRequest = () => http.expectOne((request) => request.url === '/api/tasks');
  const totalsRequest = () => http.expectOne((request) => request.url === '/api/tasks/totals');
  const page = () => harness.routeNativeElement as HTMLElement;
  const header = (text: string) =>
    Array.from(page().querySelectorAll<HTMLElement>('th[mat-sort-header]')).find((th) =>
      th.textContent?.includes(text),
    );

  afterEach(() => http.verify({ ignoreCancelled: true }));

  it('shows the totals of the current filters in one line', async () => {
    await open('/tasks?rag=red');
    const totals = totalsRequest();
    expect(totals.request.params.toString()).toBe('rag=red');
    listRequest().flush({ items: [task('t1', '招商任务甲', '2026-06-30')], nextCursor: null });
    totals.flush(TOTALS);
    await harness.fixture.whenStable();
    expect(page().querySelector('[data-testid="task-totals"]')?.textContent?.trim()).toBe(
      '共 7 项：红 2 · 黄 1 · 绿 3 · 无灯 1 · 超期 2',
    );
  });

  it('sorts on the server by the clicked column: the first page again, the order in the address bar, totals kept', async () => {
    await open('/tasks');
    totalsRequest().flush(TOTALS);
    const first = listRequest();
    expect(first.request.params.has('sort')).toBe(false);
    first.flush({ items: [task('t1', '乙', '2026-04-30'), task('t2', '甲', '2026-06-30')], nextCursor: 'c1' });
    await harness.fixture.whenStable();
    // Today's order is shown on the due-date header.
    expect(header('完成时限')?.getAttribute('aria-sort')).toBe('ascending');

    header('任务')?.querySelector<HTMLElement>('.mat-sort-header-container')?.click();
    await harness.fixture.whenStable();
    const sorted = listRequest();
    expect(sorted.request.params.get('sort')).toBe('title');
    expect(sorted.request.params.has('cursor')).toBe(false);
    sorted.flush({ items: [task('t2', '甲', '2026-06-30'), task('t1', '乙', '2026-04-30')], nextCursor: 'c2' });
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/tasks?sort=title');
    // Another order is not another set of tasks: the totals are not asked for again.
    http.expectNone((request) => request.url === '/api/tasks/totals');

    // Again: descending; the next page carries the order with its cursor.
    header('任务')?.querySelector<HTMLElement>('.mat-sort-header-container')?.click();
    await harness.fixture.whenStable();
    const descending = listRequest();
    expect(descending.request.params.get('sort')).toBe('-title');
    descending.flush({ items: [task('t1', '乙', '2026-04-30')], nextCursor: 'c3' });
    await harness.fixture.whenStable();
    const more = Array.from(page().querySelectorAll<HTMLButtonElement>('.more button'))[0];
    more?.click();
    const next = listRequest();
    expect([next.request.params.get('sort'), next.request.params.get('cursor')]).toEqual(['-title', 'c3']);
    next.flush({ items: [], nextCursor: null });
    expect(TestBed.inject(Router).url).toBe('/tasks?sort=-title');
  });

  it('keeps the order of a shared link', async () => {
    await open('/tasks?sort=-percentComplete&status=in_progress');
    const totals = totalsRequest();
    expect(totals.request.params.toString()).toBe('status=in_progress');
    totals.flush(TOTALS);
    const list = listRequest();
    expect(list.request.params.get('sort')).toBe('-percentComplete');
    list.flush({ items: [task('t1', '甲', '2026-04-30')], nextCursor: null });
    await harness.fixture.whenStable();
    expect(header('进度')?.getAttribute('aria-sort')).toBe('descending');
  });
});
