import { type FieldError, type Problem, type ProblemSlug, problemType } from '@zibo/domain';

/**
 * An error the client must see as an RFC 9457 problem. Use cases throw these (through the
 * factories below); one filter turns them into responses.
 */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Partial<Pick<Problem, 'errors' | 'allowed'>> & Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }

  toProblem(): Problem {
    return {
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...this.extensions,
    };
  }
}

export const problems = {
  unauthenticated: (detail = 'Sign in first.') => new ProblemException(401, 'unauthenticated', 'Not signed in', detail),
  /** Also for records the caller may not see: a hidden record looks exactly like a missing one. */
  notFound: (what = 'Resource') => new ProblemException(404, 'not-found', `${what} not found`),
  forbidden: (detail = 'Your role may not do this.') => new ProblemException(403, 'forbidden', 'Forbidden', detail),
  invalid: (errors: FieldError[]) =>
    new ProblemException(400, 'validation', 'Invalid request', 'Some fields are invalid.', { errors }),
  preconditionRequired: () =>
    new ProblemException(
      428,
      'precondition-required',
      'If-Match required',
      'Send the version you saw as If-Match: "<version>" (from the ETag of your last read).',
    ),
  preconditionFailed: (current: number) =>
    new ProblemException(
      412,
      'precondition-failed',
      'Changed by someone else',
      'The record changed since you read it. Reload it and apply your change again.',
      { currentVersion: current },
    ),
  conflict: (detail: string, allowed: string[] = []) =>
    new ProblemException(409, 'conflict', 'Not allowed in the current state', detail, { allowed }),
  unprocessable: (errors: FieldError[], detail = 'The request breaks a business rule.') =>
    new ProblemException(422, 'business-rule', 'Request not acceptable', detail, { errors }),
  tooManyRequests: (retryAfterSeconds: number, detail: string) =>
    new ProblemException(
      429,
      'too-many-requests',
      'Too many attempts',
      detail,
      { retryAfter: retryAfterSeconds },
      {
        'Retry-After': String(retryAfterSeconds),
      },
    ),
};
