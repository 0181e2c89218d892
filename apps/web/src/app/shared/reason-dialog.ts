import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { TEXT_LIMITS } from '@zibo/domain';
import { type Observable, filter } from 'rxjs';
import { isApiError } from '../core/api/api-error';
import { type ErrorMessage, errorMessage } from '../core/feedback/error-message';
import { ErrorMessagePipe } from '../core/feedback/error-message.pipe';
import { formDialogConfig } from '../core/forms/dialog-config';
import { FieldErrorPipe } from '../core/forms/field-error.pipe';
import { applyFieldErrors } from '../core/forms/field-errors';
import { FormDraftStore } from '../core/forms/form-draft-store';

export interface ReasonDialogData<T> {
  /** Translation keys. */
  title: string;
  label: string;
  confirm: string;
  params?: Record<string, string | number>;
  required: boolean;
  maxLength: number;
  /** Where the typed text is kept until it is sent (never lose typing). */
  draftKey: string;
  /** The api call; the dialog closes with its result, or shows its failure and stays open. */
  send: (text: string) => Observable<T>;
  /** The api's name of the field, to show its errors under the text box. */
  field?: string;
}

/** A short text to send with an action: why a task is cancelled, why a plan change is refused. */
@Component({
  selector: 'app-reason-dialog',
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
  template: `
    <h2 mat-dialog-title>{{ data.title | transloco: data.params }}</h2>
    <form [formGroup]="form" (ngSubmit)="send()" novalidate>
      <mat-dialog-content>
        @if (saving()) {
          <mat-progress-bar mode="indeterminate" class="progress" />
        }
        @if (failure(); as failure) {
          <p class="failure" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ failure | errorMessage }}</p>
        }
        <mat-form-field class="field">
          <mat-label>{{ data.label | transloco }}</mat-label>
          <textarea
            matInput
            formControlName="text"
            rows="4"
            [required]="data.required"
            [maxlength]="data.maxLength"
            cdkFocusInitial
          ></textarea>
          <mat-error>{{ form.controls.text.errors | fieldError }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ data.confirm | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReasonDialog<T> {
  protected readonly data = inject<ReasonDialogData<T>>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<ReasonDialog<T>, T>>(MatDialogRef);

  protected readonly form = inject(NonNullableFormBuilder).group({ text: '' });
  private readonly draft = inject(FormDraftStore).attach(this.form, this.data.draftKey);
  protected readonly saving = signal(false);
  protected readonly failure = signal<ErrorMessage | null>(null);

  protected send(): void {
    if (this.saving()) {
      return;
    }
    this.failure.set(null);
    const text = this.form.controls.text.value.trim();
    if (this.data.required && !text) {
      applyFieldErrors(this.form, [{ field: 'text', code: 'required', message: 'Required' }]);
      return;
    }
    this.saving.set(true);
    this.data.send(text).subscribe({
      next: (result) => {
        this.draft.clear();
        this.dialogRef.close(result);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        // The api names its own field (reason, comment): its errors go under the text box.
        const own = isApiError(error) ? error.fieldErrors.filter((e) => e.field === this.data.field) : [];
        if (isApiError(error) && own.length > 0 && own.length === error.fieldErrors.length) {
          applyFieldErrors(
            this.form,
            own.map((e) => ({ ...e, field: 'text' })),
          );
          return;
        }
        this.failure.set(errorMessage(error));
      },
    });
  }
}

/** Opens the reason dialog; emits what the api answered once the text is sent, nothing when it is cancelled. */
export function openReasonDialog<T>(dialog: MatDialog, data: ReasonDialogData<T>): Observable<T> {
  return dialog
    .open<ReasonDialog<T>, ReasonDialogData<T>, T>(ReasonDialog, formDialogConfig(data))
    .afterClosed()
    .pipe(filter((sent): sent is T => !!sent));
}

/** The written answer (回复) a department owes an urge, a notice or a directive: required, long text. */
export function responseDialogData<T>(
  texts: Pick<ReasonDialogData<T>, 'title' | 'confirm' | 'draftKey'>,
  send: (response: string) => Observable<T>,
): ReasonDialogData<T> {
  return {
    ...texts,
    label: 'urges.response',
    required: true,
    maxLength: TEXT_LIMITS.longText,
    field: 'response',
    send,
  };
}
