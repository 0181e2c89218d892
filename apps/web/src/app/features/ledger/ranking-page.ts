import { HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
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
import { componentText, recomputedScore } from './ranking-check';
import { ExportButtons } from '../../shared/export-buttons';
import { LatestRead } from '../../shared/latest-read';

const COMPONENTS: (keyof RankingWeights)[] = ['onTimeRate', 'reviewScore', 'notOverdue', 'progress'];
const INPUTS = [
  'tasks',
  'reportsDue',
  'reportsOnTime',
  'reviewsScored',
  'reviewScoreSum',
  'overdueTasks',
  'progressRatioSum',
] as const;

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
  protected readonly rows = computed(() => {
    const view = this.view();
    if (!view) {
      return [];
    }
    return view.items.map((entry) => ({ ...entry, recomputed: recomputedScore(entry, view.formula) }));
  });

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
