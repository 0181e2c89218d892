/**
 * Every `code` a field error of the api may carry (README, "Error codes"). Clients match on
 * these; they are part of the contract. A new code is added here first, and the web app does not
 * compile until it has a message for it.
 */
export const FIELD_ERROR_CODES = [
  // From the input schemas (zod's issue codes, and `unknown_field` for an unexpected key).
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'not_multiple_of',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'custom',
  'unknown_field',
  'invalid_characters',
  'date_range',
  // A body that is not JSON, or cannot be read.
  'malformed',
  'unreadable',
  // Business rules across fields and records (mostly 422).
  'required',
  'required_for_role',
  'invalid',
  'unknown',
  'inactive',
  'duplicate',
  'taken',
  'exists',
  'too_many',
  'reused',
  'before_start',
  'after_due',
  'future',
  'cycle',
  'incomplete',
  'includes_lead',
  'co_owner',
  'direction',
  'not_complete',
  'no_final_report',
  // 办结销号: `complete` signs off an open close-out request, and there is none.
  'no_close_request',
  'plan_field',
  'no_change',
  // Passwords and second factors.
  'common_password',
  'contains_username',
  'same_as_current',
  'wrong_password',
  'invalid_code',
  'self',
  // 督查督办: a supervising leader who is not an active committee member; an answer date already past.
  'not_committee',
  'in_past',
  // Group robots (channels): a webhook URL that is not https, not on WEBHOOK_HOSTS, carries credentials
  // or is too long; a signing secret for a robot kind that does not sign.
  'not_url',
  'not_https',
  'host_not_allowed',
  'credentials_in_url',
  'too_long',
  'not_signed_kind',
  // Comments: a mentioned user who cannot see the task or report, or who is unknown or locked.
  'not_visible',
  // A spreadsheet to import: the file as a whole (the rows' own errors use the codes above).
  'too_large',
  'no_sheet',
  'empty',
  'missing_column',
  'too_many_rows',
  'formula',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/**
 * Codes that once meant the same as another and are no longer sent (the README's old → new table).
 * A client that matched the old code matches the new one.
 */
export const RETIRED_FIELD_ERROR_CODES = {
  unique: 'taken',
  already_exists: 'taken',
  conflict: 'taken',
  inactive_department: 'inactive',
} as const satisfies Record<string, FieldErrorCode>;

/** Facts a client may use to word an error itself (e.g. the length limit of `too_big`). */
export interface FieldErrorParams {
  /** too_small / too_big: the limit, and what was measured (`string`: characters, `number`, `array`: items). */
  minimum?: number;
  maximum?: number;
  origin?: string;
  /** invalid_format: which format (`regex`, `uuid`, `date`, …). */
  format?: string;
  /** invalid_type: the type expected (`number`, `string`, …). */
  expected?: string;
  /** invalid_value of an indicator: which of the unit's rules the value breaks. */
  reason?: string;
}

/** One field-level error of a 400/422 problem response. */
export interface FieldError {
  field: string;
  message: string;
  code: FieldErrorCode;
  params?: FieldErrorParams;
}

/** The `type` slugs of the api's problems: `urn:zibo:problem:<slug>`. */
export const PROBLEM_SLUGS = [
  'unauthenticated',
  'account-locked',
  'forbidden',
  'not-found',
  'validation',
  'too-large',
  'unsupported-file-type',
  'precondition-required',
  'precondition-failed',
  'conflict',
  'duplicate-file',
  'business-rule',
  'too-many-requests',
  'internal',
  'unavailable',
] as const;
export type ProblemSlug = (typeof PROBLEM_SLUGS)[number];
/** A problem's `type` (RFC 9457): one of ours, or `about:blank` for a plain HTTP status. */
export type ProblemType = `urn:zibo:problem:${ProblemSlug}` | 'about:blank';

export const problemType = (slug: ProblemSlug): ProblemType => `urn:zibo:problem:${slug}`;

/** RFC 9457 problem body, as every error of the api is sent. */
export interface Problem {
  type: ProblemType;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  allowed?: string[];
  [extension: string]: unknown;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const PAGE_DEFAULT_LIMIT = 50;
export const PAGE_MAX_LIMIT = 500;
