import { HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { type DashboardView, RAG_STATUSES, TASK_STATUSES } from '@zibo/domain';
import { NgxEchartsDirective } from 'ngx-echarts';
import type { Subscription } from 'rxjs';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { referenceName } from '../../core/reference/reference-names';
import { RagLight } from '../../shared/rag-light';
import { type ChartMode, focusAreaChart, focusAreaDrillDown } from './dashboard-chart';
import { asOfFromParams, latestAsOf } from './dashboard-as-of';
import { type DashboardLink, complianceLink, countLink } from './dashboard-links';
import { DashboardService } from './dashboard.service';

import { ExportButtons } from '../../shared/export-buttons';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

@Component({
  selector: 'app-dashboard-page',
  providers: [BUSINESS_DATES],
  imports: [
    ExportButtons,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatDatepickerModule,
    BusinessDatepicker,
    MatInputModule,
    MatIconModule,
    MatProgressBarModule,
    NgxEchartsDirective,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    PeriodPipe,
    RagLight,
  ],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardPage {
  private readonly api = inject(DashboardService);
  private readonly transloco = inject(TranslocoService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly calendar = inject(BusinessCalendar);
  private request: Subscription | null = null;

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly view = signal<DashboardView | null>(null);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly mode = signal<ChartMode>('rag');
  /** A past business date: the dashboard as the status snapshots recorded it then; null = live. */
  protected readonly asOf = signal<string | null>(null);
  /** The query of each table's download: the same date as the page. */
  protected readonly exportParams = computed(() => {
    const asOf = this.asOf();
    const base = asOf ? new HttpParams().set('asOf', asOf) : new HttpParams();
    return {
      focusAreas: base.set('table', 'focusAreas'),
      departments: base.set('table', 'departments'),
      overdue: base.set('table', 'overdue'),
    };
  });
  protected readonly latestAsOf = latestAsOf(this.calendar.today());
  /** The committee and auditors read the ledger: a past period's numbers lead there. */
  protected readonly ledgerReader = this.auth.can('ledger:read');
  private readonly linkContext = computed(() => ({
    asOf: this.asOf(),
    lastClosedPeriod: this.view()?.lastClosedPeriod ?? '',
    ledger: this.ledgerReader,
  }));
  protected readonly rags = RAG_STATUSES;
  /** Departments never see drafts: their overview leaves that count out. */
  protected readonly statuses = TASK_STATUSES.filter((status) => status !== 'draft' || this.auth.can('tasks:read-all'));
  // Re-render the chart's words when the language changes.
  private readonly langChanges = toSignal(this.transloco.langChanges$, {
    initialValue: this.transloco.getActiveLang(),
  });

  private readonly reducedMotion =
    typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  protected readonly chart = computed(() => {
    const view = this.view();
    this.langChanges();
    if (!view) {
      return null;
    }
    const english = this.lang() === 'en';
    const t = (key: string): string => this.transloco.translate(key);
    const series: Record<string, string> = { none: t('rag.none') };
    for (const rag of RAG_STATUSES) {
      series[rag] = t(`rag.${rag}`);
    }
    for (const status of TASK_STATUSES) {
      series[status] = t(`taskStatus.${status}`);
    }
    const option = focusAreaChart(view, this.mode(), {
      areas: view.byFocusArea.map((a) => (english ? a.code : `${a.code} ${a.name}`)),
      series,
    });
    // Users who ask for less motion get the bars drawn at once, not growing across the screen.
    return this.reducedMotion ? { ...option, animation: false } : option;
  });
  /** A click on a bar segment opens the tasks it counts (live only: the list shows today's tasks). */
  protected openSegment(event: { dataIndex?: number; seriesIndex?: number }): void {
    const view = this.view();
    if (!view || this.asOf() || event.dataIndex === undefined || event.seriesIndex === undefined) {
      return;
    }
    const queryParams = focusAreaDrillDown(view, this.mode(), event.dataIndex, event.seriesIndex);
    if (queryParams) {
      void this.router.navigate(['/tasks'], { queryParams });
    }
  }
  /** A count's drill-down: the task list live; the recorded period's ledger in a historical view. */
  protected count(filters: Params, departmentId?: string): DashboardLink {
    return countLink(filters, this.linkContext(), departmentId);
  }

  /** The last closed period's compliance: that period's ledger (committee, auditors). */
  protected compliance(departmentId?: string): DashboardLink {
    return complianceLink(this.linkContext(), departmentId);
  }

  protected readonly areaRows = computed(() =>
    (this.view()?.byFocusArea ?? []).map((area) => ({ ...area, label: referenceName(area, this.lang()) })),
  );
  /** Departments with any task, the most overdue first. */
  protected readonly departmentRows = computed(() =>
    [...(this.view()?.byDepartment ?? [])]
      .filter((d) => d.tasks > 0)
      .sort((a, b) => b.overdue - a.overdue || b.byRag.red - a.byRag.red || a.code.localeCompare(b.code)),
  );

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    // The address bar holds the date, so a historical view can be reloaded, bookmarked and shared.
    this.route.queryParams.pipe(takeUntilDestroyed()).subscribe((params) => {
      const asOf = asOfFromParams(params, this.calendar.today());
      if (asOf !== this.asOf()) {
        // Never show live figures under a historical label, or the other way round.
        this.view.set(null);
        this.asOf.set(asOf);
      }
      this.load();
    });
  }

  /** From the date field: a valid past date shows the historical view, anything else is ignored. */
  protected showAsOf(value: string | null): void {
    const asOf = value && asOfFromParams({ asOf: value }, this.calendar.today());
    if (asOf && asOf !== this.asOf()) {
      void this.router.navigate([], { relativeTo: this.route, queryParams: { asOf } });
    }
  }

  protected showLive(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected load(): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.failure.set(null);
    this.request = this.api.get(this.asOf()).subscribe({
      next: (view) => {
        this.view.set(view);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
