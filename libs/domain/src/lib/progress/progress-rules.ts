import type { FieldError } from '../common/problem';

/**
 * Percent complete may not go backwards without a reason (docs/rules.md: 422). `previous` is the percent
 * that currently counts for the task (latest submitted or approved report), null before any.
 */
export function checkPercentChange(
  previous: number | null,
  next: number,
  reason: string | null | undefined,
): FieldError[] {
  if (previous === null || next >= previous || (reason && reason.trim())) return [];
  return [
    {
      field: 'percentDecreaseReason',
      code: 'required',
      message: `Percent complete falls from ${previous} to ${next}: give a reason`,
    },
  ];
}

/** A report marked final must claim 100 %: it is what completes the task once approved. */
export function checkFinalReport(final: boolean, percentComplete: number): FieldError[] {
  return final && percentComplete !== 100
    ? [{ field: 'final', code: 'not_complete', message: 'A final report must be at 100 %' }]
    : [];
}

/**
 * A draft may be saved incomplete (rules.md); what it must hold to be submitted (422 then): a
 * summary of the period's work.
 */
export function checkSubmittable(draft: { summary: string }): FieldError[] {
  return draft.summary.trim()
    ? []
    : [{ field: 'summary', code: 'required', message: 'Write the summary before submitting' }];
}
