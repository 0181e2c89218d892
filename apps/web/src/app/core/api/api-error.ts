import { HttpErrorResponse } from '@angular/common/http';
import type { FieldError, Problem } from '@zibo/domain';

/** A failed api call, reduced to what the UI acts on. `status` 0 means the server never answered. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /**
   * The service cannot answer for now (no answer at all, the api's 503 while its database is down,
   * a proxy's 502/504 while the api restarts): worth retrying, never a reason to sign out.
   */
  get isServiceUnavailable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { title?: unknown }).title === 'string' &&
    typeof (body as { status?: unknown }).status === 'number'
  );
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Maps an HttpClient failure to an ApiError, keeping the problem+json body when there is one. */
export function toApiError(response: HttpErrorResponse): ApiError {
  const retryAfter = parseRetryAfter(response.headers?.get('Retry-After') ?? null);
  if (isProblem(response.error)) {
    return new ApiError(response.status, response.error, retryAfter);
  }
  // A proxy page, an empty body or no answer at all: keep the status, invent a neutral problem.
  return new ApiError(
    response.status,
    { type: 'about:blank', title: response.statusText || 'Error', status: response.status },
    retryAfter,
  );
}
