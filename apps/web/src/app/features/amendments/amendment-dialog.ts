import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AmendmentView, TaskView } from '@zibo/domain';
import { IdempotencyKeys } from '../../core/api/idempotency-key';
import type { ErrorMessage } from '../../core/feedback/error-message';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { FormDraftStore } from '../../core/forms/form-draft-store';
import { saveFailure } from '../../core/forms/save-failure';
import { ReferenceData } from '../../core/reference/reference-data.service';
import { DialogStatus } from '../../shared/dialog-status';
import { emptyAmendment, parseAmendment } from './amendment-form';
import { AmendmentsService } from './amendments.service';
import { BusinessDatepicker } from '../../core/i18n/business-calendar-header';
import { BUSINESS_DATES } from '../../core/i18n/business-date-adapter';

export interface AmendmentDialogData {
  task: TaskView;
  /** Committee: the change applies at once. Otherwise a proposal. */
  applies: boolean;
}

@Component({
  selector: 'app-amendment-dialog',
  providers: [BUSINESS_DATES],
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatDatepickerModule,
    BusinessDatepicker,
    MatInputModule,
    MatSelectModule,
    TranslocoPipe,
    DialogStatus,
    FieldErrorPipe,
  ],
  templateUrl: './amendment-dialog.html',
  styleUrl: '../../shared/form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AmendmentDialog {
  protected readonly data = inject<AmendmentDialogData>(MAT_DIALOG_DATA);
  private readonly amendments = inject(AmendmentsService);
  private readonly dialogRef = inject<MatDialogRef<AmendmentDialog, AmendmentView>>(MatDialogRef);
  private readonly reference = inject(ReferenceData);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly keys = new IdempotencyKeys();

  private readonly initial = emptyAmendment(this.data.task);
  protected readonly form = this.fb.group({
    reason: this.initial.reason,
    dueDate: this.initial.dueDate,
    leadDepartmentId: this.initial.leadDepartmentId,
    indicatorTargets: this.fb.array(
      this.initial.indicatorTargets.map((row) =>
        this.fb.group({ indicatorId: row.indicatorId, target: new FormControl<number | null>(row.target) }),
      ),
    ),
    milestoneDates: this.fb.array(
      this.initial.milestoneDates.map((row) =>
        this.fb.group({ milestoneId: row.milestoneId, plannedDate: row.plannedDate }),
      ),
    ),
  });
  // The rows follow the task's indicators and milestones, which do not change here: no resizing.
  private readonly draft = inject(FormDraftStore).attach(this.form, `amendment.${this.data.task.id}`);
  protected readonly draftRestored = signal(this.draft.restored);
  protected readonly saving = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly departments = computed(() =>
    this.reference
      .departments()
      .filter((d) => d.active && d.id !== this.data.task.leadDepartmentId)
      .map((d) => ({ id: d.id, label: this.reference.departmentName(d.id) })),
  );
  protected readonly currentLead = computed(() => this.reference.departmentName(this.data.task.leadDepartmentId));

  protected save(): void {
    if (this.saving()) {
      return;
    }
    this.failure.set(null);
    const parsed = parseAmendment(this.form.getRawValue(), this.data.task);
    if (!parsed.ok) {
      const unmatched = applyFieldErrors(this.form, parsed.errors);
      if (unmatched.length) {
        this.failure.set({ text: unmatched.map((e) => e.message).join('; ') });
      }
      return;
    }
    this.saving.set(true);
    this.amendments.create(this.data.task.id, parsed.value, this.keys.keyFor(parsed.value)).subscribe({
      next: (amendment) => {
        this.draft.clear();
        this.dialogRef.close(amendment);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        const failure = saveFailure(this.form, error);
        if (failure.kind === 'message') {
          this.failure.set(failure.message);
        } else if (failure.kind === 'stale') {
          this.failure.set({ key: 'errors.stale' });
        }
      },
    });
  }

  protected discardDraft(): void {
    this.draft.discard();
    this.draftRestored.set(false);
  }
}
