import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { LedgerTaskView, LedgerView } from '@zibo/domain';
import { DownloadTracker } from '../../core/api/download';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { DateTimePipe, DeadlinePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { DownloadProgress } from '../../shared/download-progress';
import { RagLight } from '../../shared/rag-light';
import { StatusChip } from '../../shared/status-chip';
import { LatestRead } from '../../shared/latest-read';
import { defaultLedgerMonth, ledgerMonthFromParams, ledgerMonths } from './ledger-months';
import { LEDGER_FILE_FORMATS, type LedgerFileFormat, LedgerService } from './ledger.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 督办台账: per department and month, every task's reports, compliance, reviews, overdue days and score. */
@Component({
  selector: 'app-ledger-page',
  imports: [
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
    DownloadProgress,
    RagLight,
    StatusChip,
  ],
  templateUrl: './ledger-page.html',
  styleUrl: './ledger-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LedgerPage {
  private readonly api = inject(LedgerService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly calendar = inject(BusinessCalendar);

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly months = ledgerMonths(this.calendar.today());
  private readonly defaultMonth = defaultLedgerMonth(this.calendar.now(), this.calendar.settings());
  protected readonly formats = LEDGER_FILE_FORMATS;
  protected readonly period = signal(this.defaultMonth);
  protected readonly department = signal<string | null>(null);
  private readonly read = new LatestRead<LedgerView>();
  protected readonly view = this.read.view;
  protected readonly loading = this.read.loading;
  protected readonly failure = this.read.failure;
  protected readonly download = new DownloadTracker();
  protected readonly departmentOptions = computed(() =>
    this.reference
      .departments()
      .map((d) => ({ id: d.id, label: this.reference.departmentNames().get(d.id) ?? d.name })),
  );
  protected readonly taskCount = computed(() =>
    (this.view()?.departments ?? []).reduce((sum, d) => sum + d.tasks.length, 0),
  );

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    this.route.queryParams.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.period.set(ledgerMonthFromParams(params, this.months, this.defaultMonth));
      const department: unknown = params['department'];
      this.department.set(typeof department === 'string' && UUID.test(department) ? department : null);
      this.load();
    });
  }

  protected load(): void {
    this.read.load(this.api.ledger(this.period(), this.department()));
  }

  protected choose(change: { period?: string; department?: string | null }): void {
    const period = change.period ?? this.period();
    const department = change.department === undefined ? this.department() : change.department;
    this.view.set(null);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: department ? { period, department } : { period },
    });
  }

  protected downloadAs(format: LedgerFileFormat): void {
    this.download.start(format.toUpperCase(), this.api.download(this.period(), this.department(), format));
  }

  /** 签收 as it stands: accepted, declined and waiting for the committee, or still to be accepted. */
  protected receiptStateOf(task: LedgerTaskView): 'accepted' | 'declined' | 'pending' {
    const { acceptedAt, declinedAt, insistedAt } = task.receipt;
    if (acceptedAt) return 'accepted';
    if (declinedAt && !(insistedAt && insistedAt >= declinedAt)) return 'declined';
    return 'pending';
  }

  protected departmentNames(task: LedgerTaskView): string {
    return task.coDepartments.map((d) => this.reference.departmentNames().get(d.id) ?? d.name).join('、') || '—';
  }

  protected departmentLabel(department: { id: string; name: string }): string {
    return this.reference.departmentNames().get(department.id) ?? department.name;
  }
}
