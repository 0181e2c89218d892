import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  createDepartmentSchema,
  type DepartmentView,
  parseInput,
  TEXT_LIMITS,
  updateDepartmentSchema,
} from '@zibo/domain';
import type { Observable } from 'rxjs';
import type { ErrorMessage } from '../../core/feedback/error-message';
import { errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { FormDraftStore } from '../../core/forms/form-draft-store';
import { saveFailure } from '../../core/forms/save-failure';
import {
  createDepartmentBody,
  type DepartmentFormValues,
  departmentFormValues,
  EMPTY_DEPARTMENT,
  updateDepartmentBody,
} from './department-form';
import { DepartmentsService } from './departments.service';

export interface DepartmentDialogData {
  /** Absent: create a new department. */
  department?: DepartmentView;
}

export const DEPARTMENT_CREATE_DRAFT = 'department-create';
export const departmentEditDraft = (id: string): string => `department-edit.${id}`;

@Component({
  selector: 'app-department-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
  ],
  templateUrl: './department-dialog.html',
  styleUrl: '../../shared/form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DepartmentDialog {
  private readonly departments = inject(DepartmentsService);
  private readonly dialogRef = inject<MatDialogRef<DepartmentDialog, DepartmentView>>(MatDialogRef);

  /** The version being edited; replaced by the newer one after a 412. */
  private original = inject<DepartmentDialogData>(MAT_DIALOG_DATA).department;

  protected readonly editing = this.original !== undefined;
  protected readonly limits = TEXT_LIMITS;
  protected readonly form = inject(NonNullableFormBuilder).group(
    this.original ? departmentFormValues(this.original) : EMPTY_DEPARTMENT,
  );
  protected readonly draft = inject(FormDraftStore).attach(
    this.form,
    this.original ? departmentEditDraft(this.original.id) : DEPARTMENT_CREATE_DRAFT,
  );
  protected readonly saving = signal(false);
  protected readonly draftRestored = signal(this.draft.restored);
  protected readonly notice = signal<ErrorMessage | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);

  protected save(): void {
    if (this.saving()) {
      return;
    }
    this.failure.set(null);
    const values = this.form.getRawValue();
    const request = this.original ? this.update(this.original, values) : this.create(values);
    if (!request) {
      return;
    }
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.draft.clear();
        this.dialogRef.close(saved);
      },
      error: (error: unknown) => this.handleFailure(error),
    });
  }

  protected discardDraft(): void {
    this.draft.discard();
    this.draftRestored.set(false);
  }

  protected cancel(): void {
    this.draft.discard();
    this.dialogRef.close();
  }

  private create(values: DepartmentFormValues): Observable<DepartmentView> | null {
    const parsed = parseInput(createDepartmentSchema, createDepartmentBody(values));
    if (!parsed.ok) {
      applyFieldErrors(this.form, parsed.errors);
      return null;
    }
    return this.departments.create(parsed.value);
  }

  private update(original: DepartmentView, values: DepartmentFormValues): Observable<DepartmentView> | null {
    const body = updateDepartmentBody(values, original);
    if (Object.keys(body).length === 0) {
      // Nothing changed: closing is the whole save.
      this.draft.clear();
      this.dialogRef.close();
      return null;
    }
    const parsed = parseInput(updateDepartmentSchema, body);
    if (!parsed.ok) {
      applyFieldErrors(this.form, parsed.errors);
      return null;
    }
    return this.departments.update(original, parsed.value);
  }

  private handleFailure(error: unknown): void {
    const failure = saveFailure(this.form, error);
    if (failure.kind === 'stale' && this.original) {
      this.reloadAfterConflict(this.original.id);
      return;
    }
    this.saving.set(false);
    if (failure.kind === 'message') {
      this.failure.set(failure.message);
    }
  }

  /** Someone else saved first: take their version, keep the fields this user changed. */
  private reloadAfterConflict(id: string): void {
    this.departments.find(id).subscribe({
      next: (fresh) => {
        this.saving.set(false);
        if (!fresh) {
          this.failure.set({ key: 'errors.notFound' });
          return;
        }
        this.original = fresh;
        this.draft.rebase({ ...departmentFormValues(fresh) });
        this.notice.set({ key: 'errors.staleReloaded' });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }
}
