import { HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { RankingEntryView, RankingView, RankingWeights } from '@zibo/domain';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe, DeadlinePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { defaultLedgerMonth, ledgerMonthFromParams, ledgerMonths } from './ledger-months';
import { LedgerService } from './ledger.service';
import { RANKING_INPUT_KEYS, componentText, rankingTotals, recomputedScore } from './ranking-check';
import { ExportButtons } from '../../shared/export-buttons';
import { LatestRead } from '../../shared/latest-read';
import { type SortValue, sortRows } from '../../shared/sort-rows';

const COMPONENTS: (keyof RankingWeights)[] = ['onTimeRate', 'reviewScore', 'notOverdue', 'progress'];
const INPUTS = RANKING_INPUT_KEYS;

type RankingRow = RankingEntryView & { recomputed: number | null; label: string };

/** A row's value under a sortable column: rank, department, score, a component or an input. */
function rankingValue(row: RankingRow, column: string): SortValue {
  if (column === 'rank') return row.rank;
  if (column === 'department') return row.label;
  if (column === 'score') return row.score;
  if ((COMPONENTS as string[]).includes(column)) return row.components[column as keyof RankingWeights];
  if ((INPUTS as readonly string[]).includes(column)) return row.inputs[column as (typeof INPUTS)[number]];
  return null;
}

/** 考核排名: departments by score for a month, with the formula and every input, so anyone can recompute. */
@Component({
  selector: 'app-ranking-page',
  imports: [
    ExportButtons,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSortModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DateTimePipe,
    DeadlinePipe,
    PeriodPipe,
  ],
  templateUrl: './ranking-page.html',
  styleUrl: './ranking-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RankingPage {
  private readonly api = inject(LedgerService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly calendar = inject(BusinessCalendar);

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly months = ledgerMonths(this.calendar.today());
  private readonly defaultMonth = defaultLedgerMonth(this.calendar.now(), this.calendar.settings());
  protected readonly components = COMPONENTS;
  protected readonly inputs = INPUTS;
  protected readonly componentText = componentText;
  protected readonly period = signal(this.defaultMonth);
  protected readonly exportParams = computed(() => new HttpParams().set('period', this.period()));
  private readonly read = new LatestRead<RankingView>();
  protected readonly view = this.read.view;
  protected readonly loading = this.read.loading;
  protected readonly failure = this.read.failure;
  /** Client-side order of the table (all departments are on the page); unsorted: by rank, as the api sends. */
  protected readonly sort = signal<Sort | null>(null);
  protected readonly rows = computed(() => {
    const view = this.view();
    if (!view) {
      return [];
    }
    const rows = view.items.map((entry): RankingRow => ({
      ...entry,
      recomputed: recomputedScore(entry, view.formula),
      label: this.departmentLabel(entry),
    }));
    return sortRows(rows, this.sort(), rankingValue, this.lang());
  });
  protected readonly totals = computed(() => rankingTotals(this.view()?.items ?? []));

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    this.route.queryParams.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.period.set(ledgerMonthFromParams(params, this.months, this.defaultMonth));
      this.load();
    });
  }

  protected load(): void {
    this.read.load(this.api.ranking(this.period()));
  }

  protected choose(period: string): void {
    this.view.set(null);
    void this.router.navigate([], { relativeTo: this.route, queryParams: { period } });
  }

  protected departmentLabel(entry: RankingEntryView): string {
    return this.reference.departmentNames().get(entry.id) ?? entry.name;
  }

  /** A recomputed score that equals the api's (both rounded to two decimals). */
  protected matches(score: number | null, recomputed: number | null): boolean {
    return recomputed !== null && score === recomputed;
  }
}
