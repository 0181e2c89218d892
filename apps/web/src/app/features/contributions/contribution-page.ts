import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormArray, FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type AttachmentView,
  type ContributionView,
  hasPermission,
  isOpenTask,
  mayAct,
  type TaskView,
  taskRelation,
} from '@zibo/domain';
import { type Observable, forkJoin, map, of } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import type { FormDraft } from '../../core/forms/form-draft-store';
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { TasksService } from '../tasks';
import { RecordEditor } from '../../shared/record-editor';
import {
  type ActualGroup,
  AttachmentList,
  AttachmentUpload,
  ProgressService,
  ReportContentForm,
  reportablePeriods,
  trackPercent,
} from '../progress';
import {
  type ContributionFormValues,
  contributionFormValues,
  parseContributionChanges,
  parseNewContribution,
} from './contribution-form';
import { ContributionsService } from './contributions.service';
import { ownContributions } from './own-contributions';

/**
 * A co-owning department's contribution to a period. The department's draft comes back from the api
 * (`GET /api/tasks/:id/contributions`), so it can be carried on from any device; what is typed and
 * not yet saved is kept by FormDraftStore.
 */
@Component({
  selector: 'app-contribution-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    PeriodPipe,
    DateTimePipe,
    AttachmentList,
    AttachmentUpload,
    ReportContentForm,
  ],
  templateUrl: './contribution-page.html',
  styleUrl: './contribution-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContributionPage extends RecordEditor<ContributionView, ContributionFormValues> {
  private readonly tasksApi = inject(TasksService);
  private readonly api = inject(ContributionsService);
  private readonly auth = inject(AuthService);
  private readonly notifier = inject(Notifier);
  private readonly progress = inject(ProgressService);
  /** Evidence picked before the first save, uploaded once the draft is saved. */
  private pendingFiles: File[] = [];
  private readonly calendar = inject(BusinessCalendar);
  private readonly fb = inject(NonNullableFormBuilder);
  protected draft: FormDraft | null = null;
  private original: ContributionFormValues | null = null;

  readonly taskId = input.required<string>();
  /** Optional query parameter (the inbox's "contribution owed" link names the period owed). */
  readonly period = input<string>();

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly task = signal<TaskView | null>(null);
  protected readonly contribution = signal<ContributionView | null>(null);
  /** The department's contributions already submitted for this task, newest period first. */
  protected readonly submitted = signal<ContributionView[]>([]);
  private readonly periodsTaken = signal<string[]>([]);
  protected readonly loading = signal(true);
  protected readonly draftRestored = signal(false);
  protected readonly form = this.fb.group({
    period: '',
    percentComplete: new FormControl<number | null>(0),
    summary: '',
    problems: '',
    nextSteps: '',
    indicatorActuals: new FormArray<ActualGroup>([]),
  });
  private readonly percentNow = trackPercent(this.form.controls.percentComplete);
  protected readonly percent = this.percentNow.value;

  protected readonly periods = computed(() => {
    const task = this.task();
    if (!task) {
      return { periods: [], suggested: null };
    }
    const taken = this.periodsTaken().map((period) => ({ period }));
    return reportablePeriods(task, taken, this.calendar.now(), this.calendar.settings());
  });
  /** What the period select offers: the free periods, or the contribution's own once it exists. */
  protected readonly periodOptions = computed(() => {
    const current = this.contribution();
    return current ? [...this.periods().periods, current.period] : this.periods().periods;
  });
  protected readonly can = computed(() => {
    const task = this.task();
    const me = this.auth.me();
    if (!task || !me) {
      return { edit: false, submit: false, upload: false };
    }
    const relation = taskRelation(me.departmentId, task);
    const draft = this.contribution()?.status !== 'submitted';
    const edit = isOpenTask(task.status) && draft && mayAct(me.role, relation, 'contribution.draft');
    return {
      edit,
      submit: edit && this.contribution() !== null && mayAct(me.role, relation, 'contribution.submit'),
      // Also before the first save: picking a file saves the draft first.
      upload: edit && hasPermission(me.role, 'attachments:upload'),
    };
  });

  constructor() {
    super();
    this.reference.load().subscribe({ error: () => undefined });
    effect(() => {
      const taskId = this.taskId();
      untracked(() => this.load(taskId));
    });
  }

  protected submit(): void {
    if (!this.contribution()) {
      return;
    }
    this.saveThen(
      (saved) => this.api.submit(saved),
      (submitted) => {
        this.use(submitted);
        this.notifier.success('contributions.submitted');
      },
    );
  }

  protected detached(attachment: AttachmentView): void {
    const current = this.contribution();
    if (current) {
      this.use({ ...current, attachments: current.attachments.filter((a) => a.id !== attachment.id) });
    }
  }

  protected attached(attachment: AttachmentView): void {
    const current = this.contribution();
    if (current) {
      this.use({ ...current, attachments: [...current.attachments, attachment] });
    }
  }

  /** After a submission: a new contribution for another period. */
  protected startOver(): void {
    this.contribution.set(null);
    this.load(this.taskId());
  }

  protected edited(): ContributionView | null {
    return this.contribution();
  }

  protected create(values: ContributionFormValues): Observable<ContributionView> | null {
    const task = this.task();
    if (!task || !this.original) {
      return null;
    }
    const input = this.validInput(parseNewContribution(values, task.indicators));
    return input ? this.api.create(task.id, input, this.keys.keyFor(input)) : null;
  }

  protected update(current: ContributionView, values: ContributionFormValues): Observable<ContributionView> | null {
    const task = this.task();
    if (!task || !this.original) {
      return null;
    }
    const changes = parseContributionChanges(values, this.original, task.indicators);
    if (!changes) {
      return of(current);
    }
    const input = this.validInput(changes);
    return input ? this.api.update(current, input) : null;
  }

  protected reload(original: ContributionView): Observable<ContributionView | undefined> {
    return this.api.listForTask(original.taskId).pipe(map((list) => list.find((c) => c.id === original.id)));
  }

  protected formValuesOf(contribution: ContributionView): ContributionFormValues {
    return contributionFormValues(this.task()?.indicators ?? [], contribution, contribution.period);
  }

  /** Files picked before the first save: the draft is saved first, then they are uploaded to it. */
  protected pickedFirst(files: File[]): void {
    if (this.contribution() || this.saving()) {
      return;
    }
    this.pendingFiles = files;
    this.save();
  }

  protected saved(contribution: ContributionView): void {
    this.use(contribution);
    const files = this.pendingFiles;
    this.pendingFiles = [];
    if (!files.length) {
      return;
    }
    this.saving.set(true);
    this.progress.uploadAll({ kind: 'contributions', id: contribution.id }, files).subscribe({
      next: (attachments) => {
        this.saving.set(false);
        attachments.forEach((attachment) => this.attached(attachment));
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.notifier.error(error);
      },
    });
  }

  protected announceSaved(): void {
    this.notifier.success('reports.savedDraft');
  }

  /** Someone of the department saved first: take their version, keep what this user typed. */
  protected override adoptNewer(fresh: ContributionView): void {
    this.use(fresh);
    super.adoptNewer(fresh);
    this.percentNow.sync();
  }

  private load(taskId: string): void {
    this.loading.set(true);
    this.failure.set(null);
    forkJoin({ task: this.tasksApi.get(taskId), contributions: this.api.listForTask(taskId) }).subscribe({
      next: ({ task, contributions }) => {
        this.loading.set(false);
        this.task.set(task);
        const own = ownContributions(contributions, this.auth.me()?.departmentId ?? null);
        this.submitted.set(own.submitted);
        this.periodsTaken.set(own.periodsTaken);
        // Just submitted here: keep showing it with its note; otherwise carry on with the draft.
        const current = this.contribution()?.status === 'submitted' ? this.contribution() : own.draft;
        this.contribution.set(current);
        this.fill(task, current);
        this.draft?.clear();
        this.draft = this.attachDraft(`contribution.${task.id}.${current?.id ?? 'new'}`);
        this.percentNow.sync();
        if (current) {
          this.form.controls.period.disable({ emitEvent: false });
        } else {
          this.form.controls.period.enable({ emitEvent: false });
        }
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }

  /** The period the link asked for, when it is one this department may still contribute to. */
  private askedPeriod(): string | null {
    const asked = this.period();
    return asked && this.periods().periods.includes(asked) ? asked : null;
  }

  private fill(task: TaskView, contribution: ContributionView | null): void {
    const values = contributionFormValues(
      task.indicators,
      contribution,
      contribution?.period ?? this.askedPeriod() ?? this.periods().suggested ?? '',
    );
    const rows = this.form.controls.indicatorActuals;
    rows.clear({ emitEvent: false });
    for (const row of values.indicatorActuals) {
      rows.push(this.fb.group({ indicatorId: row.indicatorId, value: new FormControl<number | null>(row.value) }), {
        emitEvent: false,
      });
    }
    this.form.reset(values, { emitEvent: false });
    this.original = values;
  }

  private use(contribution: ContributionView): void {
    this.contribution.set(contribution);
    if (contribution.status === 'submitted') {
      this.submitted.update((list) => [contribution, ...list.filter((c) => c.id !== contribution.id)]);
    }
    if (!this.periodsTaken().includes(contribution.period)) {
      this.periodsTaken.update((periods) => [contribution.period, ...periods]);
    }
    this.original = this.formValuesOf(contribution);
    this.draft?.clear();
    this.form.controls.period.disable({ emitEvent: false });
  }
}
