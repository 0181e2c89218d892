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
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  INDICATOR_DIRECTIONS,
  INDICATOR_UNIT_CODES,
  INDICATOR_UNITS,
  type IndicatorDirection,
  type IndicatorUnit,
  type ParseResult,
  REPORTING_CYCLES,
  type ReportingCycle,
  TEXT_LIMITS,
  type TaskEditPolicy,
  type TaskView,
  taskEditPolicy,
} from '@zibo/domain';
import type { Observable } from 'rxjs';
import { isApiError } from '../../core/api/api-error';
import { IdempotencyKeys } from '../../core/api/idempotency-key';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { listLength, resizeFormArray } from '../../core/forms/form-array-size';
import { type FormDraft, FormDraftStore } from '../../core/forms/form-draft-store';
import { saveFailure } from '../../core/forms/save-failure';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { referenceName } from '../../core/reference/reference-names';
import {
  EMPTY_INDICATOR,
  EMPTY_MILESTONE,
  EMPTY_TASK,
  type IndicatorRow,
  type MilestoneRow,
  parseCreateTask,
  parseTaskChanges,
  taskFormValues,
} from './task-form';
import { TasksService } from './tasks.service';

export const TASK_CREATE_DRAFT = 'task-create';
export const taskEditDraft = (id: string): string => `task-edit.${id}`;

type MilestoneGroup = FormGroup<{
  id: FormControl<string>;
  title: FormControl<string>;
  plannedDate: FormControl<string>;
}>;
type IndicatorGroup = FormGroup<{
  id: FormControl<string>;
  name: FormControl<string>;
  unit: FormControl<IndicatorUnit>;
  baseline: FormControl<number | null>;
  target: FormControl<number | null>;
  direction: FormControl<IndicatorDirection>;
}>;

@Component({
  selector: 'app-task-form-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
  ],
  templateUrl: './task-form-page.html',
  styleUrl: './task-form-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskFormPage {
  private readonly tasksApi = inject(TasksService);
  private readonly drafts = inject(FormDraftStore);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly keys = new IdempotencyKeys();
  private draft: FormDraft | null = null;

  /** Route parameter: absent on /tasks/new. */
  readonly id = input<string>();

  protected readonly reference = inject(ReferenceData);
  protected readonly lang = inject(LanguageService).current;
  protected readonly limits = TEXT_LIMITS;
  protected readonly cycles = REPORTING_CYCLES;
  protected readonly units = INDICATOR_UNIT_CODES;
  protected readonly directions = INDICATOR_DIRECTIONS;
  protected readonly task = signal<TaskView | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly draftRestored = signal(false);
  protected readonly notice = signal<ErrorMessage | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);
  /** Once assigned, the plan changes only through amendments: those fields are read-only here. */
  protected readonly planLocked = computed(() => {
    const task = this.task();
    return task !== null && !taskEditPolicy(task.status).planEditable;
  });

  protected readonly form = this.fb.group({
    workItemCode: EMPTY_TASK.workItemCode,
    title: EMPTY_TASK.title,
    description: EMPTY_TASK.description,
    leadDepartmentId: EMPTY_TASK.leadDepartmentId,
    coDepartmentIds: this.fb.control<string[]>([]),
    startDate: EMPTY_TASK.startDate,
    dueDate: EMPTY_TASK.dueDate,
    reportingCycle: this.fb.control<ReportingCycle>(EMPTY_TASK.reportingCycle),
    milestones: new FormArray<MilestoneGroup>([]),
    indicators: new FormArray<IndicatorGroup>([]),
  });

  protected readonly workItemGroups = computed(() =>
    this.reference.focusAreas().map((area) => ({
      code: area.code,
      label: `${area.code} ${referenceName(area, this.lang())}`,
      items: area.workItems.map((item) => ({
        code: item.code,
        label: `${item.code} ${referenceName(item, this.lang())}`,
      })),
    })),
  );
  protected readonly departments = computed(() => {
    const current = new Set([this.task()?.leadDepartmentId, ...(this.task()?.coDepartmentIds ?? [])]);
    return this.reference
      .departments()
      .filter((d) => d.active || current.has(d.id))
      .map((d) => ({ id: d.id, label: this.reference.departmentName(d.id) }));
  });
  private readonly leadId = signal('');
  protected readonly coDepartmentOptions = computed(() => this.departments().filter((d) => d.id !== this.leadId()));

  constructor() {
    this.reference.load().subscribe({ error: (error: unknown) => this.failure.set(errorMessage(error)) });
    this.form.controls.leadDepartmentId.valueChanges.subscribe((id) => this.leadId.set(id));
    effect(() => {
      const id = this.id();
      untracked(() => (id ? this.loadTask(id) : this.startNew()));
    });
  }

  protected unitLabel(unit: IndicatorUnit): string {
    return this.lang() === 'en' ? `${unit} (${INDICATOR_UNITS[unit].en})` : unit;
  }

  protected addMilestone(): void {
    this.form.controls.milestones.push(this.milestoneGroup(EMPTY_MILESTONE));
  }

  protected removeMilestone(index: number): void {
    this.form.controls.milestones.removeAt(index);
  }

  protected addIndicator(): void {
    this.form.controls.indicators.push(this.indicatorGroup(EMPTY_INDICATOR));
  }

  protected removeIndicator(index: number): void {
    this.form.controls.indicators.removeAt(index);
  }

  protected discardDraft(): void {
    this.draft?.discard();
    this.draftRestored.set(false);
  }

  protected save(): void {
    if (this.saving()) {
      return;
    }
    this.failure.set(null);
    const values = this.form.getRawValue();
    const task = this.task();
    let request: Observable<TaskView> | null;
    if (task) {
      const parsed = parseTaskChanges(values, task);
      if (!parsed) {
        this.draft?.clear();
        void this.router.navigate(['/tasks', task.id]);
        return;
      }
      const input = this.validated(parsed);
      request = input ? this.tasksApi.update(task, input) : null;
    } else {
      const input = this.validated(parseCreateTask(values));
      request = input ? this.tasksApi.create(input, this.keys.keyFor(input)) : null;
    }
    if (!request) {
      return;
    }
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.draft?.clear();
        this.keys.reset();
        this.notifier.success(task ? 'common.saved' : 'tasks.createdDraft', { title: saved.title });
        void this.router.navigate(['/tasks', saved.id]);
      },
      error: (error: unknown) => this.handleFailure(error),
    });
  }

  private validated<T>(result: ParseResult<T>): T | null {
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

  private handleFailure(error: unknown): void {
    const failure = saveFailure(this.form, error);
    const task = this.task();
    if (failure.kind === 'stale' && task) {
      this.reloadAfterConflict(task.id);
      return;
    }
    this.saving.set(false);
    this.failure.set(failure.kind === 'message' ? failure.message : { key: 'common.fixErrors' });
  }

  private startNew(): void {
    this.attachDraft(TASK_CREATE_DRAFT);
  }

  private loadTask(id: string): void {
    this.loading.set(true);
    this.tasksApi.get(id).subscribe({
      next: (task) => {
        this.loading.set(false);
        this.useTask(task);
        this.attachDraft(taskEditDraft(task.id));
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }

  private useTask(task: TaskView): void {
    this.task.set(task);
    const values = taskFormValues(task);
    this.resize({ ...values });
    this.form.reset(values, { emitEvent: false });
    this.leadId.set(values.leadDepartmentId);
    const policy = taskEditPolicy(task.status);
    if (!policy.planEditable) {
      this.lockPlan(policy);
    }
  }

  /** After assignment only what the domain's edit policy leaves open stays editable. */
  private lockPlan(policy: TaskEditPolicy): void {
    for (const [name, control] of Object.entries(this.form.controls)) {
      if (!(policy.fields as readonly string[]).includes(name)) {
        control.disable({ emitEvent: false });
      }
    }
    for (const milestone of this.form.controls.milestones.controls) {
      for (const [name, control] of Object.entries(milestone.controls)) {
        if (name !== 'id' && !(policy.milestoneFields as readonly string[]).includes(name)) {
          control.disable({ emitEvent: false });
        }
      }
    }
    for (const indicator of this.form.controls.indicators.controls) {
      for (const [name, control] of Object.entries(indicator.controls)) {
        if (name !== 'id' && !(policy.indicatorFields as readonly string[]).includes(name)) {
          control.disable({ emitEvent: false });
        }
      }
    }
  }

  private attachDraft(key: string): void {
    this.draft = this.drafts.attach(this.form, key, {
      destroyRef: this.destroyRef,
      resize: (values) => this.resize(values),
    });
    this.draftRestored.set(this.draft.restored);
    this.leadId.set(this.form.controls.leadDepartmentId.value);
  }

  private resize(values: Record<string, unknown>): void {
    // Rows of an assigned task are fixed: the draft may only retitle them.
    if (this.planLocked()) {
      return;
    }
    resizeFormArray(this.form.controls.milestones, listLength(values, 'milestones'), () =>
      this.milestoneGroup(EMPTY_MILESTONE),
    );
    resizeFormArray(this.form.controls.indicators, listLength(values, 'indicators'), () =>
      this.indicatorGroup(EMPTY_INDICATOR),
    );
  }

  private milestoneGroup(row: MilestoneRow): MilestoneGroup {
    return this.fb.group({ id: row.id, title: row.title, plannedDate: row.plannedDate });
  }

  private indicatorGroup(row: IndicatorRow): IndicatorGroup {
    return this.fb.group({
      id: row.id,
      name: row.name,
      unit: this.fb.control<IndicatorUnit>(row.unit),
      baseline: new FormControl<number | null>(row.baseline),
      target: new FormControl<number | null>(row.target),
      direction: this.fb.control<IndicatorDirection>(row.direction),
    });
  }

  /** Someone saved the task first: take their version, keep what this user changed. */
  private reloadAfterConflict(id: string): void {
    this.tasksApi.get(id).subscribe({
      next: (fresh) => {
        this.saving.set(false);
        this.task.set(fresh);
        this.draft?.rebase({ ...taskFormValues(fresh) });
        this.notice.set({ key: 'errors.staleReloaded' });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(isApiError(error) ? errorMessage(error) : { key: 'errors.unexpected' });
      },
    });
  }
}
