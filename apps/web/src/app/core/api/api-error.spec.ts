import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { parseRetryAfter, toApiError } from './api-error';

describe('ApiError mapping', () => {
  it('keeps the problem+json body, with its field errors', () => {
    const problem = {
      type: 'urn:zibo:problem:validation',
      title: 'Invalid request',
      status: 400,
      errors: [{ field: 'name', code: 'too_small', message: 'Required' }],
    };
    const error = toApiError(new HttpErrorResponse({ status: 400, error: problem }));

    expect(error.status).toBe(400);
    expect(error.problem.title).toBe('Invalid request');
    expect(error.fieldErrors).toEqual([{ field: 'name', code: 'too_small', message: 'Required' }]);
  });

  it('recognises "no answer at all" as a network error', () => {
    const error = toApiError(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));

    expect(error.isNetworkError).toBe(true);
    expect(error.fieldErrors).toEqual([]);
  });

  it('turns a non-problem body (a proxy error page) into a neutral problem with the status', () => {
    const error = toApiError(new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>' }));

    expect(error.status).toBe(502);
    expect(error.problem.title).toBe('Bad Gateway');
  });

  it('reads Retry-After from the headers', () => {
    const error = toApiError(
      new HttpErrorResponse({ status: 429, headers: new HttpHeaders({ 'Retry-After': '840' }), error: null }),
    );

    expect(error.retryAfterSeconds).toBe(840);
  });
});

describe('Retry-After', () => {
  it('is a number of seconds', () => {
    expect(parseRetryAfter('120')).toBe(120);
  });

  it('may be an HTTP date, counted from now', () => {
    const now = Date.parse('2026-11-27T08:00:00Z');
    expect(parseRetryAfter('Fri, 27 Nov 2026 08:05:00 GMT', now)).toBe(300);
  });

  it('is absent or unreadable → null', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
