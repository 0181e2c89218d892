import type { ApiError } from '../api/api-error';
import { isApiError } from '../api/api-error';
import { fieldErrorMessageKey, type MessageKey } from '../forms/field-error-message';

/** What to tell the user about a failure: a translation key, or the problem's own text. */
export type ErrorMessage = MessageKey | { text: string };

const STATUS_KEYS: Record<number, string> = {
  403: 'errors.forbidden',
  404: 'errors.notFound',
  412: 'errors.stale',
  428: 'errors.stale',
};

export function minutesToWait(retryAfterSeconds: number | null): number {
  return Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60));
}

function problemText(error: ApiError): string {
  const { title, detail } = error.problem;
  const fields = error.fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
  return [detail || title, fields].filter(Boolean).join(' — ');
}

export function errorMessage(error: unknown): ErrorMessage {
  if (!isApiError(error)) {
    return { key: 'errors.unexpected' };
  }
  if (error.isNetworkError) {
    return { key: 'errors.network' };
  }
  if (error.isServiceUnavailable) {
    return { key: 'errors.unavailable' };
  }
  if (error.status === 429) {
    return { key: 'errors.tooManyRequests', params: { minutes: minutesToWait(error.retryAfterSeconds) } };
  }
  const key = STATUS_KEYS[error.status];
  if (key) {
    return { key };
  }
  if (error.status >= 500) {
    return { key: 'errors.server' };
  }
  const [first, ...rest] = error.fieldErrors;
  if (first && rest.length === 0) {
    const translated = fieldErrorMessageKey(first);
    if (translated) {
      return translated;
    }
  }
  return { text: problemText(error) };
}
