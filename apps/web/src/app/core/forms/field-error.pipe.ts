import { Pipe, type PipeTransform, inject } from '@angular/core';
import type { ValidationErrors } from '@angular/forms';
import { TranslocoService } from '@jsverse/transloco';
import type { FieldError } from '@zibo/domain';
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
    // A date field's text that is not a day (Material's datepicker): "请输入日期", as the api would say.
    const error: FieldError | null = errors?.['matDatepickerParse']
      ? { field: '', code: 'invalid_format', message: 'Enter a date', params: { format: 'date' } }
      : fieldErrorOf(errors);
    if (!error) {
      return '';
    }
    const message = fieldErrorMessageKey(error);
    return message ? this.transloco.translate(message.key, message.params) : error.message;
  }
}
