import * as z from 'zod';
import { TEXT_LIMITS } from '../common/text-limits';
import { optionalText, uuidSchema } from '../validation/common.schemas';
import { withYearInRange } from '../validation/date-range';

export const periodSchema = withYearInRange(
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, {
    message: 'Must be a period such as 2021-03 or 2021-Q1',
    abort: true,
  }),
);

const percentSchema = z
  .number({ message: 'Must be a number' })
  .int('Must be a whole number')
  .min(0, 'At least 0')
  .max(100, 'At most 100');

const indicatorActuals = z
  .array(z.strictObject({ indicatorId: uuidSchema, value: z.number({ message: 'Must be a number' }).finite() }))
  .max(20);

// A draft may be saved without its percent or summary (so that files can be added first); submitting
// needs both (checkSubmittable, 422). null clears a percent typed earlier.
const draftPercentSchema = percentSchema.nullable();
const reportFields = {
  percentComplete: draftPercentSchema.optional(),
  summary: optionalText(TEXT_LIMITS.longText).optional(),
  problems: optionalText(TEXT_LIMITS.longText).optional(),
  nextSteps: optionalText(TEXT_LIMITS.longText).optional(),
  indicatorActuals: indicatorActuals.optional(),
};

export const createReportSchema = z.strictObject({
  period: periodSchema,
  ...reportFields,
  final: z.boolean().optional(),
  percentDecreaseReason: optionalText(1000).optional(),
});
export type CreateReportInput = z.output<typeof createReportSchema>;

export const updateReportSchema = z
  .strictObject({
    percentComplete: draftPercentSchema.optional(),
    summary: optionalText(TEXT_LIMITS.longText).optional(),
    problems: optionalText(TEXT_LIMITS.longText).optional(),
    nextSteps: optionalText(TEXT_LIMITS.longText).optional(),
    indicatorActuals: indicatorActuals.optional(),
    final: z.boolean().optional(),
    percentDecreaseReason: optionalText(1000).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change' });
export type UpdateReportInput = z.output<typeof updateReportSchema>;

export const REVIEW_DECISIONS = ['approve', 'return'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const reviewReportSchema = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS),
  comment: optionalText(TEXT_LIMITS.longText).optional(),
  score: z.number().int('Must be a whole number').min(0).max(100).optional(),
});
export type ReviewReportInput = z.output<typeof reviewReportSchema>;

export const createContributionSchema = z.strictObject({ period: periodSchema, ...reportFields });
export type CreateContributionInput = z.output<typeof createContributionSchema>;

export const updateContributionSchema = z
  .strictObject({
    percentComplete: draftPercentSchema.optional(),
    summary: optionalText(TEXT_LIMITS.longText).optional(),
    problems: optionalText(TEXT_LIMITS.longText).optional(),
    nextSteps: optionalText(TEXT_LIMITS.longText).optional(),
    indicatorActuals: indicatorActuals.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change' });
export type UpdateContributionInput = z.output<typeof updateContributionSchema>;
