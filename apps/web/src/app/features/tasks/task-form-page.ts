import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDatepickerModule } from '@angular/material/datepicker';
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
  REPORTING_CYCLES,
  type ReportingCycle,
  TEXT_LIMITS,
  type TaskEditPolicy,
  type TaskView,
  taskEditPolicy,
} from '@zibo/domain';
import type { Observable } from 'rxjs';
import { errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { Notifier } from '../../core/feedback/notifier.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { listLength, resizeFormArray } from '../../core/forms/form-array-size';
import type { FormDraft } from '../../core/forms/form-draft-store';
import { LanguageService } from '../../core/i18n/language.service';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { referenceName } from '../../core/reference/reference-names';
import { RecordEditor } from '../../shared/record-editor';
import {
  EMPTY_INDICATOR,
  EMPTY_MILESTONE,
  EMPTY_TASK,
  type IndicatorRow,
  type MilestoneRow,
  type TaskFormValues,
  parseCreateTask,
  parseTaskChanges,
  taskFormValues,
} from './task-form';
import { TasksService } from './tasks.service';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

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
  providers: [BUSINESS_DATES],
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatDatepickerModule,
    BusinessDatepicker,
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
export class TaskFormPage extends RecordEditor<TaskView, TaskFormValues> {
  private readonly tasksApi = inject(TasksService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(NonNullableFormBuilder);
  protected draft: FormDraft | null = null;

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
  protected readonly draftRestored = signal(false);
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
    super();
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

  protected edited(): TaskView | null {
    return this.task();
  }

  protected create(values: TaskFormValues): Observable<TaskView> | null {
    const input = this.validInput(parseCreateTask(values));
    return input ? this.tasksApi.create(input, this.keys.keyFor(input)) : null;
  }

  protected update(task: TaskView, values: TaskFormValues): Observable<TaskView> | null {
    const parsed = parseTaskChanges(values, task);
    if (!parsed) {
      // Nothing changed: back to the task is the whole save.
      this.draft?.clear();
      void this.router.navigate(['/tasks', task.id]);
      return null;
    }
    const input = this.validInput(parsed);
    return input ? this.tasksApi.update(task, input) : null;
  }

  protected reload(original: TaskView): Observable<TaskView> {
    return this.tasksApi.get(original.id);
  }

  protected formValuesOf(task: TaskView): TaskFormValues {
    return taskFormValues(task);
  }

  protected saved(task: TaskView): void {
    void this.router.navigate(['/tasks', task.id]);
  }

  protected announceSaved(task: TaskView, created: boolean): void {
    this.notifier.success(created ? 'tasks.createdDraft' : 'common.saved', { title: task.title });
  }

  /** Someone saved the task first: take their version, keep what this user changed. */
  protected override adoptNewer(fresh: TaskView): void {
    this.task.set(fresh);
    super.adoptNewer(fresh);
  }

  private startNew(): void {
    this.useDraft(TASK_CREATE_DRAFT);
  }

  private loadTask(id: string): void {
    this.loading.set(true);
    this.tasksApi.get(id).subscribe({
      next: (task) => {
        this.loading.set(false);
        this.useTask(task);
        this.useDraft(taskEditDraft(task.id));
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

  private useDraft(key: string): void {
    this.draft = this.attachDraft(key, { resize: (values) => this.resize(values) });
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
}
