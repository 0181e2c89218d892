import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import type { ErrorMessage } from './error-message';

/** Renders an ErrorMessage in the UI language; impure so that it follows a language switch. */
@Pipe({ name: 'errorMessage', pure: false })
export class ErrorMessagePipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);

  transform(message: ErrorMessage | null): string {
    if (!message) {
      return '';
    }
    return 'text' in message ? message.text : this.transloco.translate(message.key, message.params);
  }
}
