import { DestroyRef, inject, signal, type WritableSignal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import type { ParseResult } from '@zibo/domain';
import { type Observable, concatMap } from 'rxjs';
import { IdempotencyKeys } from '../core/api/idempotency-key';
import { type ErrorMessage, errorMessage } from '../core/feedback/error-message';
import { applyFieldErrors } from '../core/forms/field-errors';
import { type DraftOptions, type FormDraft, FormDraftStore } from '../core/forms/form-draft-store';
import { saveFailure } from '../core/forms/save-failure';

/**
 * The save flow of every editor of a versioned record (a page or a dialog): one save at a time;
 * what is typed is kept as a draft in the browser until a save succeeds; a create carries an
 * idempotency key; field errors land on their fields; and a 412 (someone saved first) is answered
 * by taking the other person's version while keeping the fields this user changed.
 *
 * Subclasses say how to create, update and re-read their record, and what a saved version means
 * for the screen.
 */
export abstract class RecordEditor<TView, TValues extends object> {
  private readonly draftStore = inject(FormDraftStore);
  private readonly editorDestroyRef = inject(DestroyRef);

  protected abstract readonly form: FormGroup;
  /** The form's stored draft; pages attach it once the record is loaded, dialogs at once. */
  protected abstract readonly draft: FormDraft | null;
  protected abstract readonly draftRestored: WritableSignal<boolean>;
  protected readonly keys = new IdempotencyKeys();
  protected readonly saving = signal(false);
  protected readonly notice = signal<ErrorMessage | null>(null);
  protected readonly failure = signal<ErrorMessage | null>(null);
  /** What a save refused on its fields alone says besides the fields (null: only the fields). */
  protected readonly fieldsFailure: ErrorMessage | null = { key: 'common.fixErrors' };

  /** The version being edited; null or undefined while creating. */
  protected abstract edited(): TView | null | undefined;
  /** The request that creates the record, or null when the input is invalid (errors shown). */
  protected abstract create(values: TValues): Observable<TView> | null;
  /**
   * The request that saves the changes: null when invalid (errors shown) or when the editor has
   * already handled "nothing changed"; `of(original)` to go on as if saved.
   */
  protected abstract update(original: TView, values: TValues): Observable<TView> | null;
  /** The current version of the record (undefined when it is gone). */
  protected abstract reload(original: TView): Observable<TView | undefined>;
  /** The form values of a version of the record. */
  protected abstract formValuesOf(view: TView): TValues;
  /** A save succeeded (the draft is already cleared): show the saved version, close or move on. */
  protected abstract saved(view: TView, created: boolean): void;
  /** Says that a plain save (not one before a step) succeeded: a toast, or nothing. */
  protected abstract announceSaved(view: TView, created: boolean): void;

  /** Binds the form to its draft under `key` and says whether earlier typing came back. */
  protected attachDraft(key: string, options: Omit<DraftOptions, 'destroyRef'> = {}): FormDraft {
    const draft = this.draftStore.attach(this.form, key, { destroyRef: this.editorDestroyRef, ...options });
    this.draftRestored.set(draft.restored);
    return draft;
  }

  protected discardDraft(): void {
    this.draft?.discard();
    this.draftRestored.set(false);
  }

  /** Saves the form (creates the record the first time). */
  protected save(): void {
    const creating = !this.edited();
    const request = this.saveRequest();
    if (!request) return;
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.afterSave(saved, creating);
        this.announceSaved(saved, creating);
      },
      error: (error: unknown) => this.handleFailure(error),
    });
  }

  /**
   * Saves pending changes (if any), then runs `step` on the saved version (submit, hand over) and
   * gives its result to `done`. A refused save or step shows as a refused save.
   */
  protected saveThen(step: (saved: TView) => Observable<TView>, done: (result: TView) => void): void {
    const creating = !this.edited();
    const request = this.saveRequest();
    if (!request) return;
    this.saving.set(true);
    request
      .pipe(
        concatMap((saved) => {
          this.afterSave(saved, creating);
          return step(saved);
        }),
      )
      .subscribe({
        next: (result) => {
          this.saving.set(false);
          done(result);
        },
        error: (error: unknown) => this.handleFailure(error),
      });
  }

  /** The create or update request for the form now, or null (busy, invalid, or handled). */
  protected saveRequest(): Observable<TView> | null {
    if (this.saving()) return null;
    this.failure.set(null);
    const values = this.form.getRawValue() as TValues;
    const original = this.edited();
    return original ? this.update(original, values) : this.create(values);
  }

  /** The parsed input, or null with every error shown (on its field where it has one). */
  protected validInput<T>(result: ParseResult<T>): T | null {
    if (result.ok) return result.value;
    const unmatched = applyFieldErrors(this.form, result.errors);
    this.failure.set(
      unmatched.length
        ? { text: unmatched.map((e) => `${e.field}: ${e.message}`).join('; ') }
        : { key: 'common.fixErrors' },
    );
    return null;
  }

  /** Someone else saved first: the editor moves onto `fresh`, keeping the fields this user changed. */
  protected adoptNewer(fresh: TView): void {
    this.draft?.rebase({ ...(this.formValuesOf(fresh) as Record<string, unknown>) });
  }

  private afterSave(saved: TView, created: boolean): void {
    this.keys.reset();
    this.draft?.clear();
    this.saved(saved, created);
  }

  private handleFailure(error: unknown): void {
    this.saving.set(false);
    const failure = saveFailure(this.form, error);
    const original = this.edited();
    if (failure.kind === 'stale' && original) {
      this.reloadAfterConflict(original);
      return;
    }
    this.failure.set(failure.kind === 'message' ? failure.message : this.fieldsFailure);
  }

  private reloadAfterConflict(original: TView): void {
    this.reload(original).subscribe({
      next: (fresh) => {
        if (!fresh) {
          this.failure.set({ key: 'errors.notFound' });
          return;
        }
        this.adoptNewer(fresh);
        this.notice.set({ key: 'errors.staleReloaded' });
      },
      error: (error: unknown) => this.failure.set(errorMessage(error)),
    });
  }
}
