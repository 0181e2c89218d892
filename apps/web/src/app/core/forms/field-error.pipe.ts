import { Pipe, type PipeTransform, inject } from '@angular/core';
import type { ValidationErrors } from '@angular/forms';
import { TranslocoService } from '@jsverse/transloco';
import { fieldErrorMessageKey } from './field-error-message';
import { fieldErrorOf } from './field-errors';

/**
 * `control.errors | fieldError` → the message to show under the field, in the UI language.
 * Impure so that it follows a language switch; it only runs for fields that show an error.
 */
@Pipe({ name: 'fieldError', pure: false })
export class FieldErrorPipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);

  transform(errors: ValidationErrors | null): string {
    const error = fieldErrorOf(errors);
    if (!error) {
      return '';
    }
    const message = fieldErrorMessageKey(error);
    return message ? this.transloco.translate(message.key, message.params) : error.message;
  }
}
