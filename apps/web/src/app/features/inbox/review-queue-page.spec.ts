import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { Router, provideRouter } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';
import { type Permission, type ReviewQueueItemView, type Role, hasPermission } from '@zibo/domain';
import { firstValueFrom } from 'rxjs';
import zh from '../../../../public/i18n/zh-CN.json';
import { problemInterceptor } from '../../core/api/problem.interceptor';
import { AuthService } from '../../core/auth/auth.service';
import { ReviewQueuePage } from './review-queue-page';

const item = (reportId: string, taskTitle: string, version: number): ReviewQueueItemView => ({
  reportId,
  taskId: `task-${reportId}`,
  taskTitle,
  workItemCode: 'FA2.2',
  focusAreaCode: 'FA2',
  leadDepartmentId: 'd1',
  period: '2026-11',
  revision: 1,
  version,
  percentComplete: 40,
  submittedAt: '2026-12-01T02:00:00.000Z',
  firstSubmittedAt: '2026-12-01T02:00:00.000Z',
  deadline: '2026-12-05T16:00:00.000Z',
  late: false,
  returnCount: 0,
  resubmitted: false,
  changes: [],
});

describe('Review queue page', () => {
  let fixture: ComponentFixture<ReviewQueuePage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function open(role: Role): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [
        ReviewQueuePage,
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': zh },
          translocoConfig: { availableLangs: ['zh-CN', 'en'], defaultLang: 'zh-CN' },
          preloadLangs: true,
        }),
      ],
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: AuthService,
          useValue: {
            me: signal({ id: 'u', role, departmentId: null }),
            can: (permission: Permission) => hasPermission(role, permission),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ReviewQueuePage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.match((request) => request.url === '/api/focus-areas' || request.url === '/api/departments');
    http
      .expectOne((request) => request.url === '/api/review-queue')
      .flush({ items: [item('r1', '招商任务甲', 3), item('r2', '科技任务乙', 5)], nextCursor: null });
    await fixture.whenStable();
  }

  const rows = () => Array.from(page.querySelectorAll('[data-testid="review-queue-item"]'));
  const button = (row: Element | undefined, testId: string) =>
    row?.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`) ?? null;

  afterEach(() => http.verify({ ignoreCancelled: true }));

  it('approves in one click, on the version the row shows, and removes the row', async () => {
    await open('committee');
    expect(rows()).toHaveLength(2);
    const approve = button(rows()[0], 'queue-approve');
    expect(approve?.getAttribute('aria-label')).toBe('通过：招商任务甲');
    approve?.click();
    await fixture.whenStable();
    expect(approve?.disabled).toBe(true);

    const request = http.expectOne('/api/progress/r1/review');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.get('If-Match')).toBe('"3"');
    expect(request.request.body).toEqual({ decision: 'approve' });
    request.flush({ id: 'r1', status: 'approved', version: 4 });
    await fixture.whenStable();

    expect(rows()).toHaveLength(1);
    expect(page.textContent).not.toContain('招商任务甲');
    expect(page.textContent).toContain('科技任务乙');
  });

  it('keeps the row and reloads the queue when the report changed meanwhile (412)', async () => {
    await open('committee');
    button(rows()[1], 'queue-approve')?.click();
    http
      .expectOne('/api/progress/r2/review')
      .flush({ title: 'Precondition failed', status: 412 }, { status: 412, statusText: 'Precondition Failed' });
    await fixture.whenStable();
    const reload = http.expectOne((request) => request.url === '/api/review-queue');
    reload.flush({ items: [item('r1', '招商任务甲', 3), item('r2', '科技任务乙', 6)], nextCursor: null });
    await fixture.whenStable();
    expect(rows()).toHaveLength(2);
    expect(button(rows()[1], 'queue-approve')?.disabled).toBe(false);
  });

  it('returns with the reason asked for in a dialog, then removes the row', async () => {
    await open('committee');
    button(rows()[0], 'queue-return')?.click();
    await fixture.whenStable();
    const dialog = document.querySelector('mat-dialog-container');
    expect(dialog?.textContent).toContain('退回报告：招商任务甲');
    const form = dialog?.querySelector('form');
    // No reason: nothing is sent.
    form?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    http.expectNone('/api/progress/r1/review');

    const text = dialog?.querySelector('textarea');
    if (!text) throw new Error('no reason field');
    text.value = '请补充佐证材料';
    text.dispatchEvent(new Event('input'));
    form?.dispatchEvent(new Event('submit'));
    const request = http.expectOne('/api/progress/r1/review');
    expect(request.request.headers.get('If-Match')).toBe('"3"');
    expect(request.request.body).toEqual({ decision: 'return', comment: '请补充佐证材料' });
    const closed = firstValueFrom(TestBed.inject(MatDialog).afterAllClosed);
    request.flush({ id: 'r1', status: 'returned', version: 4 });
    await closed;
    await fixture.whenStable();
    expect(rows()).toHaveLength(1);
    expect(rows()[0]?.textContent).toContain('科技任务乙');
  });

  it('shows auditors the queue without decision buttons', async () => {
    await open('auditor');
    expect(rows()).toHaveLength(2);
    expect(button(rows()[0], 'queue-approve')).toBeNull();
    expect(button(rows()[0], 'queue-return')).toBeNull();
    expect(page.querySelector('[data-testid="export-xlsx"]')).not.toBeNull();
  });

  it('sorts on the server from the sort select, from the first page, and keeps the order in the address bar', async () => {
    await open('committee');
    page.querySelector<HTMLElement>('[data-testid="queue-sort"] .mat-mdc-select-trigger')?.click();
    await fixture.whenStable();
    const options = Array.from(document.querySelectorAll<HTMLElement>('mat-option'));
    expect(options.map((o) => o.textContent?.trim())).toContain('报送截止（降序）');
    options.find((o) => o.textContent?.trim() === '报送截止（降序）')?.click();
    // The select closes with an animation before it emits; wait for the request rather than a fixed time.
    let requests = http.match((request) => request.url === '/api/review-queue');
    for (let waited = 0; requests.length === 0 && waited < 5000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      await fixture.whenStable();
      requests = http.match((request) => request.url === '/api/review-queue');
    }
    expect(requests).toHaveLength(1);
    const sorted = requests[0];
    expect(sorted.request.params.get('sort')).toBe('-deadline');
    expect(sorted.request.params.has('cursor')).toBe(false);
    sorted.flush({ items: [item('r2', '科技任务乙', 5)], nextCursor: null });
    expect(TestBed.inject(Router).url).toBe('/?sort=-deadline');
    // The download holds the same order.
    expect(page.querySelector('[data-testid="export-xlsx"]')).not.toBeNull();
  });
});
