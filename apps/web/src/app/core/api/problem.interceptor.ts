import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { type Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { toApiError } from './api-error';
import { isApiRequest } from './api-paths';

/** A blob's text (FileReader: everywhere, unlike Blob.text() in older engines and jsdom). */
export function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(blob);
  });
}

/**
 * A failed download (`responseType: 'blob'`) carries its problem+json as a Blob: read it, so the
 * user sees the api's reason and not only the status.
 */
export function withParsedBlobBody(error: HttpErrorResponse): Observable<HttpErrorResponse> {
  if (!(error.error instanceof Blob) || !/json/i.test(error.error.type)) {
    return from([error]);
  }
  return from(
    blobText(error.error).then(
      (text) => {
        try {
          return new HttpErrorResponse({
            error: JSON.parse(text) as unknown,
            headers: error.headers,
            status: error.status,
            statusText: error.statusText,
            url: error.url ?? undefined,
          });
        } catch {
          return error;
        }
      },
      () => error,
    ),
  );
}

/** Turns every failed api call into an ApiError, so features handle one error shape. */
export const problemInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request)) {
    return next(request);
  }
  return next(request).pipe(
    catchError((error: unknown) =>
      error instanceof HttpErrorResponse
        ? withParsedBlobBody(error).pipe(switchMap((parsed) => throwError(() => toApiError(parsed))))
        : throwError(() => error),
    ),
  );
};
