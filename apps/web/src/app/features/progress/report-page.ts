import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { CommentsPanel } from '../comments/comments-panel';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSliderModule } from '@angular/material/slider';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type AttachmentView,
  INDICATOR_UNITS,
  type ParseResult,
  type ReportView,
  TEXT_LIMITS,
  type TaskView,
} from '@zibo/domain';
import { type Observable, concatMap, filter, forkJoin, of } from 'rxjs';
import { isApiError } from '../../core/api/api-error';
import { IdempotencyKeys } from '../../core/api/idempotency-key';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { type FormDraft, FormDraftStore } from '../../core/forms/form-draft-store';
import { saveFailure } from '../../core/forms/save-failure';
import { periodLabel } from '../../core/i18n/display-format';
import { DateTimePipe, DeadlinePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { StatusChip } from '../../shared/status-chip';
import { TasksService } from '../tasks/tasks.service';
import { AttachmentList } from './attachment-list';
import { AttachmentUpload } from './attachment-upload';
import { ProgressService } from './progress.service';
import { type ReportActions, reportActionsFor } from './report-actions';
import { ReportContent } from './report-content';
import {
  type Parsed,
  parseNewReport,
  parseReportChanges,
  percentFalls,
  previousPercent,
  type ReportFormValues,
  reportFormValues,
} from './report-form';
import { reportablePeriods } from './report-periods';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReportVersions } from './report-versions';
import { ReviewPanel } from './review-panel';
import { RevisionChanges } from './revision-changes';

export const reportNewDraft = (taskId: string): string => `report-new.${taskId}`;
export const reportDraft = (reportId: string): string => `report.${reportId}`;

type ActualGroup = FormGroup<{ indicatorId: FormControl<string>; value: FormControl<number | null> }>;

const NO_ACTIONS: ReportActions = {
  edit: false,
  upload: false,
  submit: false,
  awaitingHead: false,
  handOver: false,
  revise: false,
  review: false,
};

/** One period's report of a task: drafting, attaching evidence, submitting, revising, reviewing. */
@Component({
  selector: 'app-report-page',
  imports: [
    CommentsPanel,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSliderModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
    DateTimePipe,
    DeadlinePipe,
    PeriodPipe,
    StatusChip,
    AttachmentList,
    AttachmentUpload,
    ReportContent,
    ReportVersions,
    ReviewPanel,
    RevisionChanges,
  ],
  templateUrl: './report-page.html',
  styleUrl: './report-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportPage {
  private readonly tasksApi = inject(TasksService);
  private readonly progress = inject(ProgressService);
  private readonly drafts = inject(FormDraftStore);
  private readonly auth = inject(AuthService);
  private readonly calendar = inject(BusinessCalendar);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly keys = new IdempotencyKeys();
  private draft: FormDraft | null = null;
  private draftKey: string | null = null;
  /** The values the report had when loaded or last saved: what a PATCH is compared with. */
  private original: ReportFormValues | null = null;

  /** Route parameters; `reportId` is absent on …/reports/new, `period` is an optional query parameter there. */
  readonly taskId = input.required<string>();
  readonly reportId = input<string>();
  readonly period = input<string>();

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly limits = TEXT_LIMITS;
  protected readonly task = signal<TaskView | null>(null);
  protected readonly reports = signal<ReportView[]>([]);
  protected readonly report = signal<ReportView | null>(null);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly notFound = signal(false);
  protected readonly draftRestored = signal(false);
  protected readonly notice = signal<ErrorMessage | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);

  protected readonly form = this.fb.group({
    period: '',
    percentComplete: 0,
    summary: '',
    problems: '',
    nextSteps: '',
    indicatorActuals: new FormArray<ActualGroup>([]),
    final: false,
    percentDecreaseReason: '',
  });

  protected readonly actions = computed(() => {
    const task = this.task();
    const me = this.auth.me();
    if (!task || !me) {
      return NO_ACTIONS;
    }
    return reportActionsFor(this.report()?.status ?? null, task, me);
  });
  protected readonly periodChoice = computed(() => {
    const task = this.task();
    return task
      ? reportablePeriods(task, this.reports(), this.calendar.now(), this.calendar.settings())
      : { periods: [], suggested: null };
  });
  protected readonly previous = computed(() => previousPercent(this.reports(), this.report()?.id ?? null));
  /**
   * The percent the form holds now. The form is filled without emitting (load, rebase after a 412,
   * restored typing), so every fill also sets this: a stale copy drew a false "reason for the fall".
   */
  protected readonly percent = signal<number | null>(0);
  protected readonly falls = computed(() => {
    const percent = this.percent();
    return percent !== null && percentFalls(this.previous(), percent);
  });
  protected readonly indicatorRows = computed(() =>
    (this.task()?.indicators ?? []).map((indicator) => ({
      ...indicator,
      unitName: this.lang() === 'en' ? INDICATOR_UNITS[indicator.unit].en : indicator.unit,
    })),
  );
  /** The committee's comment on the latest returned version, for the department to act on. */
  protected readonly returnedComment = computed(() => {
    const report = this.report();
    if (!report || (report.status !== 'returned' && report.status !== 'draft')) {
      return null;
    }
    const latest = [...report.versions].sort((a, b) => b.revision - a.revision)[0];
    return latest?.decision === 'return' ? latest.reviewComment : null;
  });

  constructor() {
    this.reference.load().subscribe({ error: (error: unknown) => this.notifier.error(error) });
    this.form.controls.percentComplete.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((value) => this.percent.set(value));
    effect(() => {
      const taskId = this.taskId();
      const reportId = this.reportId();
      untracked(() => this.load(taskId, reportId ?? null));
    });
  }

  protected reload(): void {
    this.load(this.taskId(), this.reportId() ?? null);
  }

  protected discardDraft(): void {
    this.draft?.discard();
    this.draftRestored.set(false);
    this.syncPercent();
  }

  /** The slider moved (keys, drag or click): the one percent control takes the value, the box follows. */
  protected setPercent(value: number): void {
    const control = this.form.controls.percentComplete;
    if (control.value !== value) {
      control.setValue(value);
      control.markAsDirty();
    }
  }

  protected setPercentFrom(event: Event): void {
    const value = (event.target as HTMLInputElement | null)?.valueAsNumber;
    if (value !== undefined && !Number.isNaN(value)) {
      this.setPercent(value);
    }
  }

  /** Saves the draft (creates the report the first time). */
  protected save(): void {
    const request = this.saveRequest();
    if (!request) {
      return;
    }
    this.saving.set(true);
    request.subscribe({
      next: (report) => {
        this.saving.set(false);
        this.notifier.success('reports.savedDraft');
        this.afterSave(report);
      },
      error: (error: unknown) => this.handleFailure(error),
    });
  }

  /** Asks first (a submitted report is frozen), then saves pending changes and submits. */
  protected submit(): void {
    const report = this.report();
    if (!report || this.saving()) {
      return;
    }
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
        data: {
          title: 'reports.confirmSubmitTitle',
          message: 'reports.confirmSubmitMessage',
          confirm: 'reports.submit',
          params: { period: periodLabel(report.period, this.lang()), percent: this.percent() ?? 0 },
        },
        maxWidth: '96vw',
        width: '440px',
      })
      .afterClosed()
      .pipe(filter((confirmed) => confirmed === true))
      .subscribe(() => this.saveAndSubmit());
  }

  private saveAndSubmit(): void {
    this.saveThen((saved) => this.progress.submit(saved), 'reports.submitted');
  }

  /** Staff hand the saved draft to their head (pending changes are saved first); the head is notified. */
  protected handOver(): void {
    this.saveThen((saved) => this.progress.markReady(saved), 'reports.handedOverDone');
  }

  /** Saves pending changes (if any), then runs `step` on the saved report and shows `done`. */
  private saveThen(step: (saved: ReportView) => Observable<ReportView>, done: string): void {
    const report = this.report();
    if (!report || this.saving()) {
      return;
    }
    const save = this.hasChanges() ? this.saveRequest() : of(report);
    if (!save) {
      return;
    }
    this.saving.set(true);
    save
      .pipe(
        concatMap((saved) => {
          this.afterSave(saved);
          return step(saved);
        }),
      )
      .subscribe({
        next: (result) => {
          this.saving.set(false);
          this.notifier.success(done);
          this.useReport(result);
        },
        error: (error: unknown) => this.handleFailure(error),
      });
  }

  protected revise(): void {
    const report = this.report();
    if (!report || this.saving()) {
      return;
    }
    this.saving.set(true);
    this.progress.revise(report).subscribe({
      next: (revised) => {
        this.saving.set(false);
        this.notifier.success('reports.revised');
        this.useReport(revised);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }

  protected reviewed(report: ReportView): void {
    this.notifier.success(report.status === 'approved' ? 'review.approved' : 'review.returned');
    this.useReport(report);
  }

  protected detached(attachment: AttachmentView): void {
    this.report.update((report) =>
      report ? { ...report, attachments: report.attachments.filter((a) => a.id !== attachment.id) } : report,
    );
  }

  protected attached(attachment: AttachmentView): void {
    this.report.update((report) => (report ? { ...report, attachments: [...report.attachments, attachment] } : report));
  }

  private load(taskId: string, reportId: string | null): void {
    this.loading.set(true);
    this.failure.set(null);
    forkJoin({ task: this.tasksApi.get(taskId), reports: this.progress.listForTask(taskId) }).subscribe({
      next: ({ task, reports }) => {
        this.loading.set(false);
        this.task.set(task);
        this.reports.set(reports);
        const report = reportId ? (reports.find((r) => r.id === reportId) ?? null) : null;
        if (reportId && !report) {
          this.notFound.set(true);
          return;
        }
        if (report) {
          this.useReport(report);
        } else {
          this.startNew(task, reports);
        }
      },
      error: (error: unknown) => {
        this.loading.set(false);
        if (isApiError(error, 404)) {
          this.notFound.set(true);
        } else {
          this.failure.set(errorMessage(error));
        }
      },
    });
  }

  private startNew(task: TaskView, reports: ReportView[]): void {
    const choice = reportablePeriods(task, reports, this.calendar.now(), this.calendar.settings());
    const asked = this.period();
    const period = asked && choice.periods.includes(asked) ? asked : (choice.suggested ?? '');
    const values = reportFormValues(task.indicators, null, {
      period,
      percentComplete: previousPercent(reports, null) ?? 0,
    });
    this.original = values;
    this.fill(values);
    this.attachDraft(reportNewDraft(task.id));
    this.syncPercent();
  }

  private syncPercent(): void {
    this.percent.set(this.form.controls.percentComplete.value);
  }

  /** Shows a report as it now is; an editable draft gets its stored typing back. */
  private useReport(report: ReportView): void {
    const task = this.task();
    if (!task) {
      return;
    }
    this.report.set(report);
    this.reports.update((list) => [...list.filter((r) => r.id !== report.id), report]);
    const values = reportFormValues(task.indicators, report, { period: report.period, percentComplete: 0 });
    this.original = values;
    if (this.draftKey === reportDraft(report.id) && this.draft) {
      this.draft.rebase({ ...values });
    } else {
      this.fill(values);
      this.attachDraft(reportDraft(report.id));
    }
    this.syncPercent();
    this.form.controls.period.disable({ emitEvent: false });
    if (this.actions().edit) {
      this.form.enable({ emitEvent: false });
      this.form.controls.period.disable({ emitEvent: false });
    } else {
      this.form.disable({ emitEvent: false });
    }
  }

  private fill(values: ReportFormValues): void {
    const rows = this.form.controls.indicatorActuals;
    rows.clear({ emitEvent: false });
    for (const row of values.indicatorActuals) {
      rows.push(this.fb.group({ indicatorId: row.indicatorId, value: new FormControl<number | null>(row.value) }), {
        emitEvent: false,
      });
    }
    this.form.reset(values, { emitEvent: false });
  }

  private attachDraft(key: string): void {
    this.draftKey = key;
    // One row per indicator of the task: the rows never change, so there is nothing to resize.
    this.draft = this.drafts.attach(this.form, key, { destroyRef: this.destroyRef });
    this.draftRestored.set(this.draft.restored);
  }

  private hasChanges(): boolean {
    return this.original !== null && JSON.stringify(this.form.getRawValue()) !== JSON.stringify(this.original);
  }

  /** The create or update request for the form, or null when the form shows errors (or has nothing to save). */
  private saveRequest(): Observable<ReportView> | null {
    const task = this.task();
    if (!task || this.saving() || !this.original) {
      return null;
    }
    this.failure.set(null);
    const values = this.form.getRawValue();
    const existing = this.report();
    if (!existing) {
      const parsed = this.validated(parseNewReport(values, task.indicators, this.previous()));
      return parsed ? this.progress.create(task.id, parsed, this.keys.keyFor(parsed)) : null;
    }
    const changes = parseReportChanges(values, this.original, task.indicators, this.previous());
    if (!changes) {
      return of(existing);
    }
    const parsed = this.validated(changes);
    return parsed ? this.progress.update(existing, parsed) : null;
  }

  private validated<T>(parsed: Parsed<T>): T | null {
    const result: ParseResult<T> = parsed.result;
    if (result.ok) {
      return result.value;
    }
    const unmatched = applyFieldErrors(this.form, result.errors);
    this.failure.set(
      unmatched.length
        ? { text: unmatched.map((e) => `${e.field}: ${e.message}`).join('; ') }
        : { key: 'common.fixErrors' },
    );
    return null;
  }

  private afterSave(report: ReportView): void {
    const creating = this.report() === null;
    this.keys.reset();
    if (creating) {
      this.draft?.clear();
      this.draftKey = null;
      this.draft = null;
      // The report now has its own address (and its own draft key).
      void this.router.navigate(['/tasks', report.taskId, 'reports', report.id], { replaceUrl: true });
      return;
    }
    this.useReport(report);
    this.draft?.clear();
  }

  private handleFailure(error: unknown): void {
    this.saving.set(false);
    const failure = saveFailure(this.form, error);
    if (failure.kind === 'stale') {
      this.reloadAfterConflict();
      return;
    }
    this.failure.set(failure.kind === 'message' ? failure.message : { key: 'common.fixErrors' });
  }

  /** Someone saved the report first: take their version, keep what this user typed. */
  private reloadAfterConflict(): void {
    const report = this.report();
    if (!report) {
      return;
    }
    this.progress.get(report.id).subscribe({
      next: (fresh) => {
        this.useReport(fresh);
        this.notice.set({ key: 'errors.staleReloaded' });
      },
      error: (error: unknown) => this.failure.set(errorMessage(error)),
    });
  }
}
