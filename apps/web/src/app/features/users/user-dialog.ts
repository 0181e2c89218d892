import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  creatableRoles,
  type DepartmentView,
  type FieldError,
  isDepartmentRole,
  type ParseResult,
  PASSWORD_MIN_LENGTH,
  ROLES,
  TEXT_LIMITS,
  type UserField,
  type UserView,
} from '@zibo/domain';
import { type Observable, startWith } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { FormDraftStore } from '../../core/forms/form-draft-store';
import { RecordDialog } from '../../shared/record-dialog';
import { LanguageService } from '../../core/i18n/language.service';
import { DialogStatus } from '../../shared/dialog-status';
import { departmentLabel } from '../departments';
import { EMPTY_USER, parseCreateUser, parseUpdateUser, type UserFormValues, userFormValues } from './user-form';
import { UsersService } from './users.service';

export interface UserDialogData {
  /** Absent: create a new user. */
  user?: UserView;
  departments: readonly DepartmentView[];
  /** When editing: the fields this administrator may change, the only ones shown. */
  fields?: readonly UserField[];
}

/** What a new account is made with (its role is one the creator may give). */
const CREATE_FIELDS: readonly UserField[] = ['displayName', 'role', 'departmentId', 'email', 'password'];

export const USER_CREATE_DRAFT = 'user-create';
export const userEditDraft = (id: string): string => `user-edit.${id}`;

@Component({
  selector: 'app-user-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    TranslocoPipe,
    DialogStatus,
    FieldErrorPipe,
  ],
  templateUrl: './user-dialog.html',
  styleUrl: '../../shared/form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialog extends RecordDialog<UserView, UserFormValues> {
  private readonly users = inject(UsersService);
  private readonly language = inject(LanguageService);
  protected readonly dialogRef = inject<MatDialogRef<UserDialog, UserView>>(MatDialogRef);
  private readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);

  protected original = this.data.user;

  protected readonly editing = this.original !== undefined;
  /** Shown and sent: exactly what the signed-in administrator may set (三员分立). */
  protected readonly fields: readonly UserField[] = this.editing ? (this.data.fields ?? []) : CREATE_FIELDS;
  protected readonly roleOnly = this.editing && this.fields.length === 1 && this.fields[0] === 'role';
  protected readonly roles: readonly string[] = this.editing
    ? ROLES
    : creatableRoles(inject(AuthService).me()?.role ?? 'dept_staff');
  protected readonly limits = TEXT_LIMITS;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group(
    this.original ? userFormValues(this.original) : EMPTY_USER,
  );
  // Passwords never go to storage: a draft is not worth a secret in plain text.
  protected readonly draft = inject(FormDraftStore).attach(
    this.form,
    this.original ? userEditDraft(this.original.id) : USER_CREATE_DRAFT,
    { exclude: ['password'] },
  );
  protected readonly draftRestored = signal(this.draft.restored);
  protected readonly showPassword = signal(false);

  private readonly role = toSignal(
    this.form.controls.role.valueChanges.pipe(startWith(this.form.controls.role.value)),
    {
      requireSync: true,
    },
  );
  protected readonly needsDepartment = computed(() => isDepartmentRole(this.role()));
  /** Active departments, plus the user's current one even if it was deactivated since. */
  protected readonly departmentName = computed(() => {
    const id = this.original?.departmentId;
    const department = this.data.departments.find((d) => d.id === id);
    return department ? departmentLabel(department, this.language.current()) : null;
  });
  protected readonly departmentOptions = computed(() => {
    const language = this.language.current();
    const current = this.original?.departmentId;
    return this.data.departments
      .filter((d) => d.active || d.id === current)
      .map((d) => ({ id: d.id, label: departmentLabel(d, language) }));
  });

  protected create(values: UserFormValues): Observable<UserView> | null {
    const parsed = this.validated(parseCreateUser(values));
    return parsed ? this.users.create(parsed) : null;
  }

  protected update(original: UserView, values: UserFormValues): Observable<UserView> | null {
    const result = parseUpdateUser(values, original, this.fields);
    if (!result) return this.closeUnchanged();
    const parsed = this.validated(result);
    return parsed ? this.users.update(original, parsed) : null;
  }

  private validated<T>(result: ParseResult<T>): T | null {
    if (result.ok) {
      return result.value;
    }
    // An error on a field this administrator does not see (the department, for a role change) is told in words.
    const shown = (e: FieldError) => this.fields.includes(e.field as UserField) || e.field === 'username';
    const hidden = result.errors.filter((e) => !shown(e));
    const unmatched = [...applyFieldErrors(this.form, result.errors.filter(shown)), ...hidden];
    if (hidden.some((e) => e.field === 'departmentId')) {
      this.failure.set({ key: 'users.departmentFirst' });
    } else if (unmatched.length > 0) {
      this.failure.set({ text: unmatched.map((e) => e.message).join('; ') });
    }
    return null;
  }

  protected reload(original: UserView): Observable<UserView | undefined> {
    return this.users.find(original);
  }

  protected formValuesOf(view: UserView): UserFormValues {
    return userFormValues(view);
  }
}
