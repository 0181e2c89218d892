import type { MatDialogRef } from '@angular/material/dialog';
import type { FormDraft } from '../core/forms/form-draft-store';
import { RecordEditor } from './record-editor';

/**
 * The record editor as a create/edit dialog: the draft is attached at once, a save closes the
 * dialog with the saved version, and cancelling gives up the draft.
 */
export abstract class RecordDialog<TView, TValues extends object> extends RecordEditor<TView, TValues> {
  protected abstract override readonly draft: FormDraft;
  protected abstract readonly dialogRef: MatDialogRef<unknown, TView>;
  /** The version being edited (absent when creating); replaced by the newer one after a 412. */
  protected abstract original: TView | undefined;
  /** A refused save shows on its fields only. */
  protected override readonly fieldsFailure = null;

  protected edited(): TView | undefined {
    return this.original;
  }

  protected saved(view: TView): void {
    this.dialogRef.close(view);
  }

  /** The dialog closing is the news. */
  protected announceSaved(): void {
    return;
  }

  protected override adoptNewer(fresh: TView): void {
    this.original = fresh;
    super.adoptNewer(fresh);
  }

  /** Nothing changed: closing is the whole save. */
  protected closeUnchanged(): null {
    this.draft.clear();
    this.dialogRef.close();
    return null;
  }

  protected cancel(): void {
    this.draft.discard();
    this.dialogRef.close();
  }
}
