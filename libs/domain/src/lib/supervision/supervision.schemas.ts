import * as z from 'zod';
import { pageQueryShape } from '../common/paging.schemas';
import { TEXT_LIMITS } from '../common/text-limits';
import { requiredText, uuidSchema } from '../validation/common.schemas';
import { dateSchema } from '../validation/date-range';
import { URGE_STATUSES } from './urge-rules';
import { NOTICE_COLOURS } from './notice-colour';
import { DIRECTIVE_STATUSES } from './directive-rules';

/** `POST /api/tasks/:id/accept`: nothing to say (an If-Match is optional). */
export const acceptTaskSchema = z.strictObject({});
/** `POST /api/tasks/:id/decline` (退办): why the task is not the department's. */
export const declineTaskSchema = z.strictObject({ reason: requiredText(TEXT_LIMITS.longText) });
/** `POST /api/tasks/:id/insist`: the committee keeps the lead department, saying why. */
export const insistTaskSchema = z.strictObject({ comment: requiredText(TEXT_LIMITS.longText) });

/** `POST /api/tasks/:id/urges` (催办). `respondBy` is a business date: the answer is due by its end. */
export const createUrgeSchema = z.strictObject({
  message: requiredText(TEXT_LIMITS.longText),
  respondBy: dateSchema,
});
export type CreateUrgeInput = z.output<typeof createUrgeSchema>;

export const acknowledgeUrgeSchema = z.strictObject({});
export const respondUrgeSchema = z.strictObject({ response: requiredText(TEXT_LIMITS.longText) });

export const listUrgesQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(URGE_STATUSES).optional(),
  department: uuidSchema.optional(),
});
export type ListUrgesQuery = z.output<typeof listUrgesQuery>;
export const taskUrgesQuery = z.strictObject({ ...pageQueryShape });

/** `POST /api/supervision-notices` (三色督办单). */
export const createNoticeSchema = z.strictObject({
  taskId: uuidSchema,
  colour: z.enum(NOTICE_COLOURS),
  text: requiredText(TEXT_LIMITS.longText),
  respondBy: dateSchema,
});
export type CreateNoticeInput = z.output<typeof createNoticeSchema>;
export const respondNoticeSchema = z.strictObject({ response: requiredText(TEXT_LIMITS.longText) });
export const listNoticesQuery = z.strictObject({
  ...pageQueryShape,
  colour: z.enum(NOTICE_COLOURS).optional(),
  task: uuidSchema.optional(),
  department: uuidSchema.optional(),
});
export type ListNoticesQuery = z.output<typeof listNoticesQuery>;
export const noticeFormatQuery = z.strictObject({ format: z.enum(['json', 'pdf']).default('json') });

/** `POST /api/tasks/:id/directives`, `POST /api/progress/:id/directives` (领导批示). */
export const createDirectiveSchema = z.strictObject({
  text: requiredText(TEXT_LIMITS.longText),
  respondBy: dateSchema,
});
export type CreateDirectiveInput = z.output<typeof createDirectiveSchema>;
export const respondDirectiveSchema = z.strictObject({ response: requiredText(TEXT_LIMITS.longText) });
export const listDirectivesQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(DIRECTIVE_STATUSES).optional(),
  department: uuidSchema.optional(),
  task: uuidSchema.optional(),
});
export type ListDirectivesQuery = z.output<typeof listDirectivesQuery>;

/** `POST /api/tasks/:id/close-request` (办结销号): the closing summary of the lead department's head. */
export const requestCloseOutSchema = z.strictObject({ summary: requiredText(TEXT_LIMITS.longText) });
/** `POST /api/tasks/:id/close-request/reject`: the committee says why the task is not done. */
export const rejectCloseOutSchema = z.strictObject({ reason: requiredText(TEXT_LIMITS.longText) });
