import { signal, type WritableSignal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import type { MatDialogRef } from '@angular/material/dialog';
import type { Observable } from 'rxjs';
import type { ErrorMessage } from '../core/feedback/error-message';
import { errorMessage } from '../core/feedback/error-message';
import type { FormDraft } from '../core/forms/form-draft-store';
import { saveFailure } from '../core/forms/save-failure';

/**
 * The save flow every create/edit dialog of a versioned record shares: one save at a time, the
 * draft cleared only after a successful save, and a 412 answered by taking the other person's
 * version while keeping the fields this user changed. Subclasses say how to create, update and
 * re-read their record.
 */
export abstract class RecordDialog<TView, TValues extends object> {
  protected abstract readonly form: FormGroup;
  protected abstract readonly draft: FormDraft;
  protected abstract readonly dialogRef: MatDialogRef<unknown, TView>;
  /** The version being edited (absent when creating); replaced by the newer one after a 412. */
  protected abstract original: TView | undefined;

  /** Set by the subclass to `draft.restored` once its draft is attached. */
  protected abstract readonly draftRestored: WritableSignal<boolean>;
  protected readonly saving = signal(false);
  protected readonly notice = signal<ErrorMessage | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);

  /** The request that creates the record, or null when the input is invalid (errors shown). */
  protected abstract create(values: TValues): Observable<TView> | null;
  /** The request that saves the changes, or null when invalid or when nothing changed. */
  protected abstract update(original: TView, values: TValues): Observable<TView> | null;
  /** The current version of the record (undefined when it is gone). */
  protected abstract reload(original: TView): Observable<TView | undefined>;
  /** The form values of a version of the record. */
  protected abstract formValuesOf(view: TView): TValues;

  protected save(): void {
    if (this.saving()) return;
    this.failure.set(null);
    const values = this.form.getRawValue() as TValues;
    const request = this.original ? this.update(this.original, values) : this.create(values);
    if (!request) return;
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.draft.clear();
        this.dialogRef.close(saved);
      },
      error: (error: unknown) => this.handleFailure(error),
    });
  }

  /** Nothing changed: closing is the whole save. */
  protected closeUnchanged(): null {
    this.draft.clear();
    this.dialogRef.close();
    return null;
  }

  protected discardDraft(): void {
    this.draft.discard();
    this.draftRestored.set(false);
  }

  protected cancel(): void {
    this.draft.discard();
    this.dialogRef.close();
  }

  private handleFailure(error: unknown): void {
    const failure = saveFailure(this.form, error);
    if (failure.kind === 'stale' && this.original) {
      this.reloadAfterConflict(this.original);
      return;
    }
    this.saving.set(false);
    if (failure.kind === 'message') this.failure.set(failure.message);
  }

  /** Someone else saved first: take their version, keep the fields this user changed. */
  private reloadAfterConflict(original: TView): void {
    this.reload(original).subscribe({
      next: (fresh) => {
        this.saving.set(false);
        if (!fresh) {
          this.failure.set({ key: 'errors.notFound' });
          return;
        }
        this.original = fresh;
        this.draft.rebase({ ...(this.formValuesOf(fresh) as Record<string, unknown>) });
        this.notice.set({ key: 'errors.staleReloaded' });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(errorMessage(error));
      },
    });
  }
}
