import { Injectable, Injector, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { errorMessage } from './error-message';

/** Short messages at the bottom of the screen: confirmations and failures not tied to a field. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly injector = inject(Injector);
  private readonly transloco = inject(TranslocoService);

  success(key: string, params?: Record<string, string | number>): void {
    this.show(this.transloco.translate(key, params), 4000);
  }

  error(error: unknown): void {
    this.show(this.describe(error), 8000);
  }

  /** The failure in the UI language, for callers that show it in place. */
  describe(error: unknown): string {
    const message = errorMessage(error);
    return 'text' in message ? message.text : this.transloco.translate(message.key, message.params);
  }

  private show(text: string, duration: number): void {
    const close = this.transloco.translate('common.close');
    // The snack bar and the overlay under it load with the first message, not with the sign-in page.
    void import('@angular/material/snack-bar').then(({ MatSnackBar }) =>
      this.injector.get(MatSnackBar).open(text, close, { duration }),
    );
  }
}
