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
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSliderModule } from '@angular/material/slider';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type AttachmentView,
  type ContributionView,
  hasPermission,
  isOpenTask,
  mayAct,
  type ParseResult,
  type TaskView,
  TEXT_LIMITS,
  taskRelation,
} from '@zibo/domain';
import { type Observable, concatMap, forkJoin, of } from 'rxjs';
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
import { DateTimePipe, PeriodPipe } from '../../core/i18n/display-format.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { BusinessCalendar } from '../../core/reference/business-calendar';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { TasksService } from '../tasks/tasks.service';
import { AttachmentList } from '../progress/attachment-list';
import { AttachmentUpload } from '../progress/attachment-upload';
import { reportablePeriods } from '../progress/report-periods';
import { type ContributionFormValues, parseContributionChanges, parseNewContribution } from './contribution-form';
import { ContributionsService } from './contributions.service';
import { ownContributions } from './own-contributions';

type ActualGroup = FormGroup<{ indicatorId: FormControl<string>; value: FormControl<number | null> }>;

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
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSliderModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
    PeriodPipe,
    DateTimePipe,
    AttachmentList,
    AttachmentUpload,
  ],
  templateUrl: './contribution-page.html',
  styleUrl: './contribution-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContributionPage {
  private readonly tasksApi = inject(TasksService);
  private readonly api = inject(ContributionsService);
  private readonly drafts = inject(FormDraftStore);
  private readonly auth = inject(AuthService);
  private readonly notifier = inject(Notifier);
  private readonly calendar = inject(BusinessCalendar);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly keys = new IdempotencyKeys();
  private draft: FormDraft | null = null;
  private original: ContributionFormValues | null = null;

  readonly taskId = input.required<string>();

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly limits = TEXT_LIMITS;
  protected readonly task = signal<TaskView | null>(null);
  protected readonly contribution = signal<ContributionView | null>(null);
  /** The department's contributions already submitted for this task, newest period first. */
  protected readonly submitted = signal<ContributionView[]>([]);
  private readonly periodsTaken = signal<string[]>([]);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly draftRestored = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly form = this.fb.group({
    period: '',
    percentComplete: 0,
    summary: '',
    problems: '',
    nextSteps: '',
    indicatorActuals: new FormArray<ActualGroup>([]),
  });

  protected readonly periods = computed(() => {
    const task = this.task();
    if (!task) {
      return { periods: [], suggested: null };
    }
    const taken = this.periodsTaken().map((period) => ({ period }));
    return reportablePeriods(task, taken, this.calendar.now(), this.calendar.settings());
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
      upload: edit && this.contribution() !== null && hasPermission(me.role, 'attachments:upload'),
    };
  });

  constructor() {
    this.reference.load().subscribe({ error: () => undefined });
    effect(() => {
      const taskId = this.taskId();
      untracked(() => this.load(taskId));
    });
  }

  protected save(): void {
    const request = this.saveRequest();
    if (!request) {
      return;
    }
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.use(saved);
        this.notifier.success('reports.savedDraft');
      },
      error: (error: unknown) => this.handleFailure(error),
    });
  }

  protected submit(): void {
    const current = this.contribution();
    if (!current) {
      return;
    }
    const request = this.saveRequest() ?? of(current);
    this.saving.set(true);
    request.pipe(concatMap((saved) => this.api.submit(saved))).subscribe({
      next: (submitted) => {
        this.saving.set(false);
        this.use(submitted);
        this.notifier.success('contributions.submitted');
      },
      error: (error: unknown) => this.handleFailure(error),
    });
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
        this.draft = this.drafts.attach(this.form, `contribution.${task.id}.${current?.id ?? 'new'}`, {
          destroyRef: this.destroyRef,
        });
        this.draftRestored.set(this.draft.restored);
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

  private fill(task: TaskView, contribution: ContributionView | null): void {
    const actuals = new Map((contribution?.indicatorActuals ?? []).map((a) => [a.indicatorId, a.value]));
    const values: ContributionFormValues = {
      period: contribution?.period ?? this.periods().suggested ?? '',
      percentComplete: contribution?.percentComplete ?? 0,
      summary: contribution?.summary ?? '',
      problems: contribution?.problems ?? '',
      nextSteps: contribution?.nextSteps ?? '',
      indicatorActuals: task.indicators.map((i) => ({ indicatorId: i.id, value: actuals.get(i.id) ?? null })),
    };
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
    const task = this.task();
    this.contribution.set(contribution);
    if (contribution.status === 'submitted') {
      this.submitted.update((list) => [contribution, ...list.filter((c) => c.id !== contribution.id)]);
    }
    if (!this.periodsTaken().includes(contribution.period)) {
      this.periodsTaken.update((periods) => [contribution.period, ...periods]);
    }
    if (task) {
      this.original = { ...this.form.getRawValue(), period: contribution.period };
    }
    this.draft?.clear();
    this.form.controls.period.disable({ emitEvent: false });
  }

  private saveRequest(): Observable<ContributionView> | null {
    const task = this.task();
    if (!task || this.saving() || !this.original) {
      return null;
    }
    this.failure.set(null);
    const values = this.form.getRawValue();
    const current = this.contribution();
    if (!current) {
      const input = this.validated(parseNewContribution(values, task.indicators));
      return input ? this.api.create(task.id, input, this.keys.keyFor(input)) : null;
    }
    const changes = parseContributionChanges(values, this.original, task.indicators);
    if (!changes) {
      return of(current);
    }
    const input = this.validated(changes);
    return input ? this.api.update(current, input) : null;
  }

  private validated<T>(result: ParseResult<T>): T | null {
    if (result.ok) {
      return result.value;
    }
    applyFieldErrors(this.form, result.errors);
    this.failure.set({ key: 'common.fixErrors' });
    return null;
  }

  private handleFailure(error: unknown): void {
    this.saving.set(false);
    if (isApiError(error, 412) || isApiError(error, 404)) {
      this.failure.set({ key: 'contributions.lost' });
      return;
    }
    const failure = saveFailure(this.form, error);
    this.failure.set(failure.kind === 'message' ? failure.message : { key: 'common.fixErrors' });
  }
}
