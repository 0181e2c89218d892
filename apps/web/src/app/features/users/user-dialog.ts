import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type DepartmentView,
  isDepartmentRole,
  type ParseResult,
  PASSWORD_MIN_LENGTH,
  ROLES,
  TEXT_LIMITS,
  type UserView,
} from '@zibo/domain';
import { type Observable, startWith } from 'rxjs';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { FormDraftStore } from '../../core/forms/form-draft-store';
import { saveFailure } from '../../core/forms/save-failure';
import { LanguageService } from '../../core/i18n/language.service';
import { departmentLabel } from '../departments/department-label';
import { EMPTY_USER, parseCreateUser, parseUpdateUser, type UserFormValues, userFormValues } from './user-form';
import { UsersService } from './users.service';

export interface UserDialogData {
  /** Absent: create a new user. */
  user?: UserView;
  departments: readonly DepartmentView[];
}

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
    MatProgressBarModule,
    MatSelectModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
  ],
  templateUrl: './user-dialog.html',
  styleUrl: '../../shared/form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialog {
  private readonly users = inject(UsersService);
  private readonly language = inject(LanguageService);
  private readonly dialogRef = inject<MatDialogRef<UserDialog, UserView>>(MatDialogRef);
  private readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);

  /** The version being edited; replaced by the newer one after a 412. */
  private original = this.data.user;

  protected readonly editing = this.original !== undefined;
  protected readonly roles = ROLES;
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
  protected readonly saving = signal(false);
  protected readonly draftRestored = signal(this.draft.restored);
  protected readonly showPassword = signal(false);
  protected readonly notice = signal<ErrorMessage | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);

  private readonly role = toSignal(
    this.form.controls.role.valueChanges.pipe(startWith(this.form.controls.role.value)),
    {
      requireSync: true,
    },
  );
  protected readonly needsDepartment = computed(() => isDepartmentRole(this.role()));
  /** Active departments, plus the user's current one even if it was deactivated since. */
  protected readonly departmentOptions = computed(() => {
    const language = this.language.current();
    const current = this.original?.departmentId;
    return this.data.departments
      .filter((d) => d.active || d.id === current)
      .map((d) => ({ id: d.id, label: departmentLabel(d, language) }));
  });

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

  private create(values: UserFormValues): Observable<UserView> | null {
    const parsed = this.validated(parseCreateUser(values));
    return parsed ? this.users.create(parsed) : null;
  }

  private update(original: UserView, values: UserFormValues): Observable<UserView> | null {
    const result = parseUpdateUser(values, original);
    if (!result) {
      // Nothing changed: closing is the whole save.
      this.draft.clear();
      this.dialogRef.close();
      return null;
    }
    const parsed = this.validated(result);
    return parsed ? this.users.update(original, parsed) : null;
  }

  private validated<T>(result: ParseResult<T>): T | null {
    if (result.ok) {
      return result.value;
    }
    const unmatched = applyFieldErrors(this.form, result.errors);
    if (unmatched.length > 0) {
      this.failure.set({ text: unmatched.map((e) => e.message).join('; ') });
    }
    return null;
  }

  private handleFailure(error: unknown): void {
    const failure = saveFailure(this.form, error);
    if (failure.kind === 'stale' && this.original) {
      this.reloadAfterConflict(this.original);
      return;
    }
    this.saving.set(false);
    if (failure.kind === 'message') {
      this.failure.set(failure.message);
    }
  }

  /** Someone else saved first: take their version, keep the fields this user changed. */
  private reloadAfterConflict(user: UserView): void {
    this.users.find(user).subscribe({
      next: (fresh) => {
        this.saving.set(false);
        if (!fresh) {
          this.failure.set({ key: 'errors.notFound' });
          return;
        }
        this.original = fresh;
        this.draft.rebase({ ...userFormValues(fresh) });
        this.notice.set({ key: 'errors.staleReloaded' });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }
}
