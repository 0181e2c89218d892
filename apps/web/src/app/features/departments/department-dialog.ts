import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  createDepartmentSchema,
  type DepartmentView,
  PAGE_MAX_LIMIT,
  type UserView,
  parseInput,
  TEXT_LIMITS,
  updateDepartmentSchema,
} from '@zibo/domain';
import type { Observable } from 'rxjs';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { FormDraftStore } from '../../core/forms/form-draft-store';
import { RecordDialog } from '../../shared/record-dialog';
import { DialogStatus } from '../../shared/dialog-status';
import {
  createDepartmentBody,
  type DepartmentFormValues,
  departmentFormValues,
  EMPTY_DEPARTMENT,
  supervisingLeaderChoices,
  updateDepartmentBody,
} from './department-form';
import { UsersService } from '../users';
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
    MatSelectModule,
    MatSlideToggleModule,
    TranslocoPipe,
    DialogStatus,
    FieldErrorPipe,
  ],
  templateUrl: './department-dialog.html',
  styleUrl: '../../shared/form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DepartmentDialog extends RecordDialog<DepartmentView, DepartmentFormValues> {
  private readonly departments = inject(DepartmentsService);
  protected readonly dialogRef = inject<MatDialogRef<DepartmentDialog, DepartmentView>>(MatDialogRef);

  protected original = inject<DepartmentDialogData>(MAT_DIALOG_DATA).department;

  protected readonly editing = this.original !== undefined;
  protected readonly limits = TEXT_LIMITS;
  protected readonly form = inject(NonNullableFormBuilder).group(
    this.original ? departmentFormValues(this.original) : EMPTY_DEPARTMENT,
  );
  protected readonly draft = inject(FormDraftStore).attach(
    this.form,
    this.original ? departmentEditDraft(this.original.id) : DEPARTMENT_CREATE_DRAFT,
  );
  protected readonly draftRestored = signal(this.draft.restored);
  /** 分管领导: active committee members, loaded when editing. */
  protected readonly leaders = signal<UserView[]>([]);

  constructor() {
    super();
    if (this.editing) {
      inject(UsersService)
        .list({ role: 'committee', limit: PAGE_MAX_LIMIT })
        .subscribe({ next: (page) => this.leaders.set(supervisingLeaderChoices(page.items)), error: () => undefined });
    }
  }

  protected create(values: DepartmentFormValues): Observable<DepartmentView> | null {
    const parsed = parseInput(createDepartmentSchema, createDepartmentBody(values));
    if (!parsed.ok) {
      applyFieldErrors(this.form, parsed.errors);
      return null;
    }
    return this.departments.create(parsed.value);
  }

  protected update(original: DepartmentView, values: DepartmentFormValues): Observable<DepartmentView> | null {
    const body = updateDepartmentBody(values, original);
    if (Object.keys(body).length === 0) return this.closeUnchanged();
    const parsed = parseInput(updateDepartmentSchema, body);
    if (!parsed.ok) {
      applyFieldErrors(this.form, parsed.errors);
      return null;
    }
    return this.departments.update(original, parsed.value);
  }

  protected reload(original: DepartmentView): Observable<DepartmentView | undefined> {
    return this.departments.find(original.id);
  }

  protected formValuesOf(view: DepartmentView): DepartmentFormValues {
    return departmentFormValues(view);
  }
}
