import type { z } from 'zod';
import { FIELD_ERROR_CODES, type FieldError, type FieldErrorCode, type FieldErrorParams } from '../common/problem';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const isFieldErrorCode = (code: unknown): code is FieldErrorCode =>
  typeof code === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(code);

/** A refinement names its own code in `params.code` (e.g. `invalid_characters`); zod's otherwise. */
function codeOf(issue: z.core.$ZodIssue): FieldErrorCode {
  const own: unknown = issue.code === 'custom' ? issue.params?.['code'] : undefined;
  if (isFieldErrorCode(own)) return own;
  return isFieldErrorCode(issue.code) ? issue.code : 'custom';
}

/** The limits and formats a client needs to word the error in its own language. */
function paramsOf(issue: z.core.$ZodIssue): FieldErrorParams | undefined {
  if (issue.code === 'too_small') return { minimum: Number(issue.minimum), origin: issue.origin };
  if (issue.code === 'too_big') return { maximum: Number(issue.maximum), origin: issue.origin };
  if (issue.code === 'invalid_format') return { format: issue.format };
  if (issue.code === 'invalid_type') return { expected: issue.expected };
  return undefined;
}

/**
 * Validates untrusted input against a schema and names every offending field,
 * so the api can answer 400 with `errors` and the web app can mark the same fields.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) {
    return { ok: true, value: result.data };
  }
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: path ? `${path}.${key}` : key, code: 'unknown_field', message: `Unknown field "${key}"` });
      }
      continue;
    }
    const params = paramsOf(issue);
    errors.push({
      field: path || '(body)',
      code: codeOf(issue),
      message: issue.message,
      ...(params ? { params } : {}),
    });
  }
  return { ok: false, errors };
}
