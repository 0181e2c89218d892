import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { FormArray, FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { CommentsPanel } from '../comments';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AttachmentView, ReportView, TaskView } from '@zibo/domain';
import { type Observable, filter, forkJoin, of } from 'rxjs';
import { isApiError } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import type { FormDraft } from '../../core/forms/form-draft-store';
import { periodLabel } from '../../core/i18n/display-format';
import { DeadlinePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { RecordEditor } from '../../shared/record-editor';
import { StatusChip } from '../../shared/status-chip';
import { TasksService } from '../tasks';
import { AttachmentList } from './attachment-list';
import { AttachmentUpload } from './attachment-upload';
import { ProgressService } from './progress.service';
import { type ReportActions, reportActionsFor } from './report-actions';
import { ReportContent } from './report-content';
import { type ActualGroup, ReportContentForm, trackPercent } from './report-content-form';
import {
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
    NgTemplateOutlet,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    DeadlinePipe,
    PeriodPipe,
    StatusChip,
    AttachmentList,
    AttachmentUpload,
    ReportContent,
    ReportContentForm,
    ReportVersions,
    ReviewPanel,
    RevisionChanges,
  ],
  templateUrl: './report-page.html',
  styleUrl: './report-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportPage extends RecordEditor<ReportView, ReportFormValues> {
  private readonly tasksApi = inject(TasksService);
  private readonly progress = inject(ProgressService);
  private readonly auth = inject(AuthService);
  private readonly calendar = inject(BusinessCalendar);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(NonNullableFormBuilder);
  protected draft: FormDraft | null = null;
  private draftKey: string | null = null;
  /** Evidence picked on a new report, uploaded once its draft is saved. */
  private pendingFiles: File[] = [];
  /** The values the report had when loaded or last saved: what a PATCH is compared with. */
  private original: ReportFormValues | null = null;

  /** Route parameters; `reportId` is absent on …/reports/new, `period` is an optional query parameter there. */
  readonly taskId = input.required<string>();
  readonly reportId = input<string>();
  readonly period = input<string>();

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly task = signal<TaskView | null>(null);
  protected readonly reports = signal<ReportView[]>([]);
  protected readonly report = signal<ReportView | null>(null);
  protected readonly loading = signal(true);
  protected readonly notFound = signal(false);
  protected readonly draftRestored = signal(false);

  protected readonly form = this.fb.group({
    period: '',
    percentComplete: new FormControl<number | null>(0),
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
  private readonly percentNow = trackPercent(this.form.controls.percentComplete);
  /** The percent the form holds now. */
  protected readonly percent = this.percentNow.value;
  protected readonly falls = computed(() => {
    const percent = this.percent();
    return percent !== null && percentFalls(this.previous(), percent);
  });
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
    super();
    this.reference.load().subscribe({ error: (error: unknown) => this.notifier.error(error) });
    effect(() => {
      const taskId = this.taskId();
      const reportId = this.reportId();
      untracked(() => this.load(taskId, reportId ?? null));
    });
  }

  protected reload(original: ReportView): Observable<ReportView> {
    return this.progress.get(original.id);
  }

  protected override discardDraft(): void {
    super.discardDraft();
    this.percentNow.sync();
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
      .subscribe(() => this.saveThenShow((saved) => this.progress.submit(saved), 'reports.submitted'));
  }

  /** Staff hand the saved draft to their head (pending changes are saved first); the head is notified. */
  protected handOver(): void {
    this.saveThenShow((saved) => this.progress.markReady(saved), 'reports.handedOverDone');
  }

  /** Saves pending changes (if any), then runs `step` on the saved report and shows `done`. */
  private saveThenShow(step: (saved: ReportView) => Observable<ReportView>, done: string): void {
    if (!this.report()) {
      return;
    }
    this.saveThen(step, (result) => {
      this.notifier.success(done);
      this.useReport(result);
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

  protected edited(): ReportView | null {
    return this.report();
  }

  protected create(values: ReportFormValues): Observable<ReportView> | null {
    const task = this.task();
    if (!task || !this.original) {
      return null;
    }
    const parsed = this.validInput(parseNewReport(values, task.indicators, this.previous()).result);
    return parsed ? this.progress.create(task.id, parsed, this.keys.keyFor(parsed)) : null;
  }

  protected update(existing: ReportView, values: ReportFormValues): Observable<ReportView> | null {
    const task = this.task();
    if (!task || !this.original) {
      return null;
    }
    const changes = parseReportChanges(values, this.original, task.indicators, this.previous());
    if (!changes) {
      return of(existing);
    }
    const parsed = this.validInput(changes.result);
    return parsed ? this.progress.update(existing, parsed) : null;
  }

  protected formValuesOf(report: ReportView): ReportFormValues {
    return reportFormValues(this.task()?.indicators ?? [], report, { period: report.period, percentComplete: 0 });
  }

  protected announceSaved(): void {
    this.notifier.success('reports.savedDraft');
  }

  /** Files picked before the first save: the draft is saved, they are uploaded, then the page moves on. */
  protected pickedFirst(files: File[]): void {
    if (this.report() || this.saving()) {
      return;
    }
    this.pendingFiles = files;
    this.save();
  }

  protected saved(report: ReportView, created: boolean): void {
    if (created) {
      this.draftKey = null;
      this.draft = null;
      const files = this.pendingFiles;
      this.pendingFiles = [];
      // The report now has its own address (and its own draft key); the evidence picked before the
      // first save goes up first, so the saved report's page shows it.
      const moveOn = (): void =>
        void this.router.navigate(['/tasks', report.taskId, 'reports', report.id], { replaceUrl: true });
      if (!files.length) {
        moveOn();
        return;
      }
      this.saving.set(true);
      this.progress.uploadAll({ kind: 'progress', id: report.id }, files).subscribe({
        next: () => {
          this.saving.set(false);
          moveOn();
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.notifier.error(error);
          moveOn();
        },
      });
      return;
    }
    this.useReport(report);
  }

  /** Someone saved the report first: take their version, keep what this user typed. */
  protected override adoptNewer(fresh: ReportView): void {
    this.useReport(fresh);
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
    this.useDraft(reportNewDraft(task.id));
    this.percentNow.sync();
  }

  /** Shows a report as it now is; an editable draft gets its stored typing back. */
  private useReport(report: ReportView): void {
    const task = this.task();
    if (!task) {
      return;
    }
    this.report.set(report);
    this.reports.update((list) => [...list.filter((r) => r.id !== report.id), report]);
    const values = this.formValuesOf(report);
    this.original = values;
    if (this.draftKey === reportDraft(report.id) && this.draft) {
      this.draft.rebase({ ...values });
    } else {
      this.fill(values);
      this.useDraft(reportDraft(report.id));
    }
    this.percentNow.sync();
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

  private useDraft(key: string): void {
    this.draftKey = key;
    // One row per indicator of the task: the rows never change, so there is nothing to resize.
    this.draft = this.attachDraft(key);
  }
}
