import type { FormGroup } from '@angular/forms';
import { isApiError } from '../api/api-error';
import { type ErrorMessage, errorMessage } from '../feedback/error-message';
import { applyFieldErrors } from './field-errors';

/** How a failed save shows up in a form. */
export type SaveFailure =
  /** Every problem is now shown on its field. */
  | { kind: 'fields' }
  /** Someone saved a newer version first (412): reload, keep what the user typed. */
  | { kind: 'stale' }
  | { kind: 'message'; message: ErrorMessage };

/** Sorts a failed save: field errors onto their fields, a stale version apart, the rest as a message. */
export function saveFailure(form: FormGroup, error: unknown): SaveFailure {
  if (isApiError(error, 412)) {
    return { kind: 'stale' };
  }
  if (isApiError(error) && (error.status === 400 || error.status === 422) && error.fieldErrors.length > 0) {
    const unmatched = applyFieldErrors(form, error.fieldErrors);
    if (unmatched.length === 0) {
      return { kind: 'fields' };
    }
  }
  return { kind: 'message', message: errorMessage(error) };
}
