import type { FieldError } from '@zibo/domain';
import { QueryFailedError } from 'typeorm';
import { type ProblemException, problems } from './problem.exception';

/** PostgreSQL's SQLSTATE for a unique (or primary) key violated. */
const UNIQUE_VIOLATION = '23505';

/**
 * The field error of each duplicate a client can cause. The use cases check for a duplicate before
 * inserting and answer with these; a concurrent request that slips between that check and the
 * insert hits the unique key instead and gets the very same answer here.
 */
export const DUPLICATES = {
  departmentCode: { field: 'code', code: 'taken', message: 'This code is already used' },
  username: { field: 'username', code: 'taken', message: 'This username is already taken' },
  reportPeriod: { field: 'period', code: 'exists', message: 'This period already has a report: edit or revise it' },
  contributionPeriod: {
    field: 'period',
    code: 'exists',
    message: 'Your department already contributed for this period',
  },
  oidcClaimValue: { field: 'claimValue', code: 'taken', message: 'This claim value is already mapped' },
} as const satisfies Record<string, FieldError>;

/** Unique keys of the schema by constraint name → what the client did twice. */
export const UNIQUE_KEY_ERRORS: Readonly<Record<string, FieldError>> = {
  uq_department_code: DUPLICATES.departmentCode,
  uq_app_user_username: DUPLICATES.username,
  uq_progress_report_task_period: DUPLICATES.reportPeriod,
  uq_contribution_task_department_period: DUPLICATES.contributionPeriod,
  uq_oidc_mapping_claim_value: DUPLICATES.oidcClaimValue,
};

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * The problem for a unique key violated (422 with the field's code; 409 for a key without a
 * mapping, still never a 500), or null when the error is something else.
 */
export function uniqueViolationProblem(error: unknown): ProblemException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as PgError;
  if (driverError.code !== UNIQUE_VIOLATION) return null;
  const fieldError = driverError.constraint ? UNIQUE_KEY_ERRORS[driverError.constraint] : undefined;
  return fieldError
    ? problems.unprocessable([fieldError])
    : problems.conflict('Someone else just made the same change. Reload and try again.');
}
