import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  LEDGER_COMPLIANCE_FILTERS,
  type LedgerComplianceFilter,
  type LedgerTaskView,
  type LedgerView,
} from '@zibo/domain';
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
import { LEDGER_FILE_FORMATS, type LedgerFileFormat, type LedgerNarrowing, LedgerService } from './ledger.service';

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
  /** A dashboard number's drill-down: only the tasks it counts (lead department, compliance). */
  protected readonly narrowing = signal<LedgerNarrowing>({ leadDepartment: null, compliance: null });
  protected readonly narrowed = computed(() => !!(this.narrowing().leadDepartment || this.narrowing().compliance));
  /** Distinct tasks shown: without a lead department a co-owned task is listed under each department. */
  protected readonly distinctTaskCount = computed(
    () => new Set((this.view()?.departments ?? []).flatMap((d) => d.tasks.map((t) => t.taskId))).size,
  );
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
      const lead: unknown = params['leadDepartment'];
      const compliance: unknown = params['compliance'];
      this.narrowing.set({
        leadDepartment: typeof lead === 'string' && UUID.test(lead) ? lead : null,
        compliance: LEDGER_COMPLIANCE_FILTERS.find((c): c is LedgerComplianceFilter => c === compliance) ?? null,
      });
      this.load();
    });
  }

  protected load(): void {
    this.read.load(this.api.ledger(this.period(), this.department(), this.narrowing()));
  }

  /** Another month keeps the narrowing; another department, or removing the chip, drops it. */
  protected choose(change: { period?: string; department?: string | null; clearNarrowing?: boolean }): void {
    const period = change.period ?? this.period();
    const department = change.department === undefined ? this.department() : change.department;
    const keep = change.department === undefined && !change.clearNarrowing;
    const { leadDepartment, compliance } = keep ? this.narrowing() : { leadDepartment: null, compliance: null };
    this.view.set(null);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: {
        period,
        ...(department ? { department } : {}),
        ...(leadDepartment ? { leadDepartment } : {}),
        ...(compliance ? { compliance } : {}),
      },
    });
  }

  protected downloadAs(format: LedgerFileFormat): void {
    this.download.start(
      format.toUpperCase(),
      this.api.download(this.period(), this.department(), format, this.narrowing()),
    );
  }

  protected leadDepartmentLabel(id: string): string {
    return this.reference.departmentNames().get(id) ?? '…';
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
