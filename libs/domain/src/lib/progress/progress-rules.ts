import type { FieldError } from '../common/problem';

/**
 * Percent complete may not go backwards without a reason (docs/rules.md: 422). `previous` is the percent
 * that currently counts for the task (latest submitted or approved report), null before any.
 */
export function checkPercentChange(
  previous: number | null,
  next: number | null,
  reason: string | null | undefined,
): FieldError[] {
  // No percent yet (a draft): nothing falls; submitting asks for one first (checkSubmittable).
  if (previous === null || next === null || next >= previous || (reason && reason.trim())) return [];
  return [
    {
      field: 'percentDecreaseReason',
      code: 'required',
      message: `Percent complete falls from ${previous} to ${next}: give a reason`,
    },
  ];
}

/**
 * A report marked final must claim 100 %: it is what completes the task once approved. A draft
 * without a percent yet is not held to it until it has one (submitting needs one).
 */
export function checkFinalReport(final: boolean, percentComplete: number | null): FieldError[] {
  return final && percentComplete !== null && percentComplete !== 100
    ? [{ field: 'final', code: 'not_complete', message: 'A final report must be at 100 %' }]
    : [];
}

/**
 * A draft may be saved incomplete (rules.md): without its percent or its summary, so that files can
 * be added first. What it must hold to be submitted (422 then, code `required`): the percent
 * complete and a summary of the period's work.
 */
export function checkSubmittable(draft: { summary: string; percentComplete: number | null }): FieldError[] {
  const errors: FieldError[] = [];
  if (draft.percentComplete === null) {
    errors.push({ field: 'percentComplete', code: 'required', message: 'Give the percent complete before submitting' });
  }
  if (!draft.summary.trim()) {
    errors.push({ field: 'summary', code: 'required', message: 'Write the summary before submitting' });
  }
  return errors;
}
