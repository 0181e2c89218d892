import { HttpEventType, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { type Observable, retry, tap, throwError, timer } from 'rxjs';
import { isApiError } from '../api/api-error';
import { isApiRequest } from '../api/api-paths';
import { ServiceAvailability } from './service-availability';

/** Retries of one read while the service is unavailable: about two minutes with the delays below. */
export const READ_RETRIES = 8;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/** Exponential back-off from 1 s, never sooner than the server's Retry-After, at most 30 s. */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | null): number {
  const backOff = FIRST_DELAY_MS * 2 ** attempt;
  return Math.min(MAX_DELAY_MS, Math.max(backOff, (retryAfterSeconds ?? 0) * 1000));
}

/**
 * While the api cannot answer (503, 502/504, no answer): tells ServiceAvailability (the banner),
 * retries reads with back-off, and lets a failed write fail as it is, so the form keeps what the
 * user typed and the user saves again. Sits between auth and problem: it sees ApiErrors, and the
 * auth interceptor only ever sees the final outcome.
 */
export const availabilityInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request)) {
    return next(request);
  }
  const availability = inject(ServiceAvailability);
  const attempts = next(request).pipe(
    tap({
      next: (event) => {
        if (event.type === HttpEventType.Response) {
          availability.reportAvailable();
        }
      },
      error: (error: unknown) => {
        if (isApiError(error) && error.isServiceUnavailable) {
          availability.reportUnavailable();
        }
      },
    }),
  );
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return attempts;
  }
  return attempts.pipe(
    retry({
      count: READ_RETRIES,
      delay: (error: unknown, retryCount: number): Observable<unknown> =>
        isApiError(error) && error.isServiceUnavailable
          ? timer(retryDelayMs(retryCount - 1, error.retryAfterSeconds))
          : throwError(() => error),
    }),
  );
};
