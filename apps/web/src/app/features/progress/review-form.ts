import {
  type FieldError,
  parseInput,
  type ParseResult,
  reviewReportSchema,
  type ReviewReportInput,
} from '@zibo/domain';

export interface ReviewFormValues {
  decision: 'approve' | 'return' | '';
  comment: string;
  score: number | null;
}

export const EMPTY_REVIEW: ReviewFormValues = { decision: '', comment: '', score: null };

/** The committee's decision, checked as the api checks it: returning needs a comment. */
export function parseReview(values: ReviewFormValues): ParseResult<ReviewReportInput> {
  const body: Record<string, unknown> = { decision: values.decision || undefined };
  if (values.comment.trim()) {
    body['comment'] = values.comment;
  }
  if (values.score !== null && !Number.isNaN(values.score)) {
    body['score'] = values.score;
  }
  const parsed = parseInput(reviewReportSchema, body);
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
  if (!values.decision && !errors.some((e) => e.field === 'decision')) {
    errors.push({ field: 'decision', code: 'required', message: 'Required' });
  }
  if (values.decision === 'return' && !values.comment.trim()) {
    errors.push({ field: 'comment', code: 'required', message: 'Say why the report is returned' });
  }
  return errors.length ? { ok: false, errors } : parsed;
}
