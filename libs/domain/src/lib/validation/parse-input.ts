import type { z } from 'zod';
import type { FieldError } from '../common/problem';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** A refinement names its own code in `params.code` (e.g. `invalid_characters`); zod's otherwise. */
function codeOf(issue: z.core.$ZodIssue): string {
  const own: unknown = issue.code === 'custom' ? issue.params?.['code'] : undefined;
  return typeof own === 'string' ? own : issue.code;
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
    errors.push({ field: path || '(body)', code: codeOf(issue), message: issue.message });
  }
  return { ok: false, errors };
}
