import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { parseInput, PASSWORD_MIN_LENGTH, updateUserSchema, type UserView } from '@zibo/domain';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { applyFieldErrors } from '../../core/forms/field-errors';
import { saveFailure } from '../../core/forms/save-failure';
import { UsersService } from './users.service';

export interface PasswordDialogData {
  user: UserView;
}

/** Sets a new password for someone who forgot theirs. Nothing here is kept as a draft: it is a secret. */
@Component({
  selector: 'app-password-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslocoPipe,
    ErrorMessagePipe,
    FieldErrorPipe,
  ],
  templateUrl: './password-dialog.html',
  styleUrl: '../../shared/form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordDialog {
  private readonly users = inject(UsersService);
  private readonly dialogRef = inject<MatDialogRef<PasswordDialog, UserView>>(MatDialogRef);

  protected user = inject<PasswordDialogData>(MAT_DIALOG_DATA).user;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({ password: '' });
  protected readonly saving = signal(false);
  protected readonly showPassword = signal(false);
  protected readonly notice = signal<ErrorMessage | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);

  protected save(): void {
    if (this.saving()) {
      return;
    }
    this.failure.set(null);
    this.notice.set(null);
    const parsed = parseInput(updateUserSchema, this.form.getRawValue());
    if (!parsed.ok) {
      applyFieldErrors(this.form, parsed.errors);
      return;
    }
    this.saving.set(true);
    this.users.update(this.user, parsed.value).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) => {
        const failure = saveFailure(this.form, error);
        if (failure.kind === 'stale') {
          this.reloadAfterConflict();
          return;
        }
        this.saving.set(false);
        if (failure.kind === 'message') {
          this.failure.set(failure.message);
        }
      },
    });
  }

  /** The account changed meanwhile (role, lock): take the new version, let the admin confirm again. */
  private reloadAfterConflict(): void {
    this.users.find(this.user).subscribe({
      next: (fresh) => {
        this.saving.set(false);
        if (fresh) {
          this.user = fresh;
          this.notice.set({ key: 'users.passwordStale' });
        } else {
          this.failure.set({ key: 'errors.notFound' });
        }
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }
}
