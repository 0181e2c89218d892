import type { MatDialogConfig } from '@angular/material/dialog';

/** Form dialogs: comfortable on a laptop, nearly full width on a phone. */
export function formDialogConfig<D>(data: D): MatDialogConfig<D> {
  return { data, width: '520px', maxWidth: '96vw', autoFocus: 'first-tabbable', restoreFocus: true };
}
