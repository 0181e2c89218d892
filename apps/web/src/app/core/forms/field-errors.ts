import type { FormGroup, ValidationErrors } from '@angular/forms';
import type { FieldError } from '@zibo/domain';

/** The key under which a control carries its FieldError (from parseInput or the api). */
export const FIELD_ERROR = 'field';

/**
 * Puts each error on the control of the same name and shows it at once. Returns the errors no
 * control matches (the caller shows those elsewhere). Angular drops them on the next edit.
 */
export function applyFieldErrors(form: FormGroup, errors: readonly FieldError[]): FieldError[] {
  const unmatched: FieldError[] = [];
  for (const error of errors) {
    const control = form.get(error.field);
    if (control && control !== form) {
      // First error per field: the one to fix first.
      if (!control.hasError(FIELD_ERROR)) {
        control.setErrors({ [FIELD_ERROR]: error });
        control.markAsTouched();
      }
    } else {
      unmatched.push(error);
    }
  }
  return unmatched;
}

export function fieldErrorOf(errors: ValidationErrors | null): FieldError | null {
  const error: unknown = errors?.[FIELD_ERROR];
  return error && typeof error === 'object' ? (error as FieldError) : null;
}
