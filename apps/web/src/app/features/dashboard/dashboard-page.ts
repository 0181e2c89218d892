import { BreakpointObserver } from '@angular/cdk/layout';
import { HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { type DashboardView, type LedgerComplianceFilter, type Rag, RAG_STATUSES, TASK_STATUSES } from '@zibo/domain';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { type Subscription, map } from 'rxjs';
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
import {
  COMPLIANCE_KEYS,
  type ChartMode,
  INDICATOR_KEYS,
  chartHeight,
  complianceChart,
  complianceDrillDown,
  COMPLIANCE_FILTER_OF,
  departmentChart,
  departmentDrillDown,
  focusAreaChart,
  focusAreaDrillDown,
  indicatorChart,
  indicatorParts,
} from './dashboard-chart';
import { asOfFromParams, latestAsOf } from './dashboard-as-of';
import { type DashboardLink, complianceLink, countLink } from './dashboard-links';
import { DashboardService } from './dashboard.service';

import { ExportButtons } from '../../shared/export-buttons';
import { type SortValue, sortRows } from '../../shared/sort-rows';

type DepartmentRow = DashboardView['byDepartment'][number];

const EMPTY_TOTALS: DashboardView['totals'] = {
  tasks: 0,
  byStatus: { draft: 0, assigned: 0, in_progress: 0, completed: 0, cancelled: 0 },
  byRag: { red: 0, amber: 0, green: 0 },
  overdue: 0,
  averagePercent: null,
  lastClosedCompliance: { onTime: 0, late: 0, missing: 0 },
  currentSubmissions: { submitted: 0, pending: 0 },
  indicators: { total: 0, reported: 0, reached: 0, averageAttainment: null },
};
type AreaRow = DashboardView['byFocusArea'][number] & { label: string };

/** A focus area's (or the totals') value under a sortable column of the focus area tables. */
function areaValue(row: AreaRow, column: string): SortValue {
  switch (column) {
    case 'area':
      return row.code;
    case 'tasks':
      return row.tasks;
    case 'overdue':
      return row.overdue;
    case 'average':
      return row.averagePercent;
    case 'indicators':
      return row.indicators.total;
    case 'reported':
      return row.indicators.reported;
    case 'reached':
      return row.indicators.reached;
    case 'attainment':
      return row.indicators.averageAttainment;
    default:
      return (RAG_STATUSES as readonly string[]).includes(column) ? row.byRag[column as Rag] : null;
  }
}

function departmentValue(row: DepartmentRow & { label: string }, column: string): SortValue {
  switch (column) {
    case 'department':
      return row.label;
    case 'tasks':
      return row.tasks;
    case 'in_progress':
      return row.byStatus.in_progress;
    case 'overdue':
      return row.overdue;
    case 'lights':
      return row.byRag.red;
    case 'average':
      return row.averagePercent;
    case 'onTime':
    case 'late':
    case 'missing':
      return row.lastClosedCompliance[column];
    case 'submitted':
    case 'pending':
      return row.currentSubmissions[column];
    default:
      return null;
  }
}
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
    MatSortModule,
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

  /** A phone-wide screen: axis labels are cut shorter so the bars keep the width. */
  private readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 599.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  private readonly labelWidth = computed(() => (this.narrow() ? 88 : 200));

  private readonly reducedMotion =
    typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  /** Series names of every chart: lights, statuses, compliance and indicator parts. */
  private readonly seriesNames = computed(() => {
    this.langChanges();
    const t = (key: string): string => this.transloco.translate(key);
    const series: Record<string, string> = { none: t('rag.none') };
    for (const rag of RAG_STATUSES) {
      series[rag] = t(`rag.${rag}`);
    }
    for (const status of TASK_STATUSES) {
      series[status] = t(`taskStatus.${status}`);
    }
    series['onTime'] = t('compliance.on_time');
    series['late'] = t('compliance.late');
    series['missing'] = t('compliance.missing');
    for (const key of INDICATOR_KEYS) {
      series[key] = t(`dashboard.indicatorParts.${key}`);
    }
    return series;
  });
  private readonly areaLabels = computed(() => {
    const english = this.lang() === 'en';
    return (this.view()?.byFocusArea ?? []).map((a) => (english ? a.code : `${a.code} ${a.name}`));
  });

  /** Users who ask for less motion get the bars drawn at once, not growing across the screen. */
  private still(option: EChartsCoreOption): EChartsCoreOption {
    return this.reducedMotion ? { ...option, animation: false } : option;
  }

  protected readonly chart = computed(() => {
    const view = this.view();
    if (!view) {
      return null;
    }
    return this.still(
      focusAreaChart(view, this.mode(), {
        areas: this.areaLabels(),
        series: this.seriesNames(),
        labelWidth: this.labelWidth(),
      }),
    );
  });
  /** Departments with any task, the most overdue first: the charts' rows, and the table's unsorted order. */
  protected readonly departmentRows = computed(() =>
    [...(this.view()?.byDepartment ?? [])]
      .filter((d) => d.tasks > 0)
      .sort((a, b) => b.overdue - a.overdue || b.byRag.red - a.byRag.red || a.code.localeCompare(b.code))
      .map((d) => ({ ...d, label: this.departmentLabel(d) })),
  );
  protected readonly departmentChartHeight = computed(() => chartHeight(this.departmentRows().length));
  protected readonly departmentChart = computed(() => {
    const rows = this.departmentRows();
    if (!rows.length) {
      return null;
    }
    return this.still(
      departmentChart(rows, {
        departments: rows.map((r) => r.label),
        series: this.seriesNames(),
        labelWidth: this.labelWidth(),
      }),
    );
  });
  /** Only when some report was owed for that period: an empty chart says nothing. */
  protected readonly complianceChart = computed(() => {
    const rows = this.departmentRows();
    const owed = this.view()?.totals.lastClosedCompliance;
    if (!owed || owed.onTime + owed.late + owed.missing === 0) {
      return null;
    }
    return this.still(
      complianceChart(rows, {
        departments: rows.map((r) => r.label),
        series: this.seriesNames(),
        labelWidth: this.labelWidth(),
      }),
    );
  });
  protected readonly indicatorChart = computed(() => {
    const view = this.view();
    if (!view || view.totals.indicators.total === 0) {
      return null;
    }
    return this.still(
      indicatorChart(view.byFocusArea, {
        areas: this.areaLabels(),
        series: this.seriesNames(),
        labelWidth: this.labelWidth(),
      }),
    );
  });
  protected readonly areaChartHeight = computed(() => chartHeight(this.view()?.byFocusArea.length ?? 0));

  /** What each chart shows in numbers, for its accessible name (the tables hold the detail). */
  protected readonly chartSummaries = computed(() => {
    const view = this.view();
    this.langChanges();
    if (!view) {
      return null;
    }
    const t = this.totalsRow();
    const compliance = view.totals.lastClosedCompliance;
    const period = view.lastClosedPeriod;
    return {
      areas: this.transloco.translate('dashboard.chartLabel', { areas: view.byFocusArea.length, tasks: t.tasks }),
      departments: this.transloco.translate('dashboard.departmentChartLabel', {
        departments: this.departmentRows().length,
        tasks: t.tasks,
        red: t.byRag.red,
        amber: t.byRag.amber,
        green: t.byRag.green,
      }),
      compliance: this.transloco.translate('dashboard.complianceChartLabel', {
        period,
        onTime: compliance.onTime,
        late: compliance.late,
        missing: compliance.missing,
      }),
      indicators: this.transloco.translate('dashboard.indicatorChartLabel', {
        total: view.totals.indicators.total,
        reached: view.totals.indicators.reached,
        reported: view.totals.indicators.reported,
      }),
    };
  });

  private go(link: DashboardLink): void {
    if (link.path) {
      void this.router.navigate(link.path, { queryParams: link.query ?? {} });
    }
  }

  /**
   * A click on a bar segment opens the tasks it counts: the task list with the same filters live,
   * the recorded period's ledger in a historical view (ledger readers), nothing otherwise.
   */
  protected openSegment(event: { dataIndex?: number; seriesIndex?: number }): void {
    const view = this.view();
    if (!view || event.dataIndex === undefined || event.seriesIndex === undefined) {
      return;
    }
    const filters = focusAreaDrillDown(view, this.mode(), event.dataIndex, event.seriesIndex);
    if (filters) {
      this.go(this.count(filters));
    }
  }

  /** A department's light: the tasks it leads with that light (`leadDepartment`, as its table row). */
  protected openDepartmentSegment(event: { dataIndex?: number; seriesIndex?: number }): void {
    if (event.dataIndex === undefined || event.seriesIndex === undefined) {
      return;
    }
    const target = departmentDrillDown(this.departmentRows(), event.dataIndex, event.seriesIndex);
    if (target) {
      this.go(this.count(target.filters, target.departmentId));
    }
  }

  /** A department's compliance: its ledger of that period, which lists each task's report and compliance. */
  protected openComplianceSegment(event: { dataIndex?: number; seriesIndex?: number }): void {
    if (event.dataIndex === undefined || event.seriesIndex === undefined) {
      return;
    }
    const target = complianceDrillDown(this.departmentRows(), event.dataIndex, event.seriesIndex);
    if (target) {
      this.go(this.compliance(target.departmentId, target.compliance));
    }
  }

  /** A count's drill-down: the task list live; the recorded period's ledger in a historical view. */
  protected count(filters: Params, departmentId?: string): DashboardLink {
    return countLink(filters, this.linkContext(), departmentId);
  }

  /**
   * The last closed period's compliance: that period's ledger (committee, auditors), narrowed to the
   * tasks a number counts (the department's lead tasks, of that compliance).
   */
  protected compliance(departmentId?: string, state?: LedgerComplianceFilter): DashboardLink {
    return complianceLink(this.linkContext(), departmentId, state);
  }

  protected readonly complianceFilterOf = COMPLIANCE_FILTER_OF;

  protected departmentLabel(row: { departmentId: string; name: string }): string {
    const name = this.reference.departmentName(row.departmentId);
    return name === '…' ? row.name : name;
  }

  protected readonly areaSort = signal<Sort | null>(null);
  protected readonly indicatorSort = signal<Sort | null>(null);
  protected readonly departmentSort = signal<Sort | null>(null);

  private readonly areas = computed((): AreaRow[] =>
    (this.view()?.byFocusArea ?? []).map((area) => ({ ...area, label: referenceName(area, this.lang()) })),
  );
  protected readonly areaRows = computed(() => sortRows(this.areas(), this.areaSort(), areaValue, this.lang()));
  protected readonly indicatorRows = computed(() =>
    sortRows(this.areas(), this.indicatorSort(), areaValue, this.lang()).map((area) => ({
      ...area,
      parts: indicatorParts(area),
    })),
  );
  protected readonly sortedDepartmentRows = computed(() =>
    sortRows(this.departmentRows(), this.departmentSort(), departmentValue, this.lang()),
  );
  /**
   * The tables' 合计 rows: the dashboard's totals. Every task has one focus area (its work item) and
   * one lead department, so each table's rows add up to them.
   */
  protected readonly totalsRow = computed(() => this.view()?.totals ?? EMPTY_TOTALS);
  protected readonly complianceKeys = COMPLIANCE_KEYS;

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
