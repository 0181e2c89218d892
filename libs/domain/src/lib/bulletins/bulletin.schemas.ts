import * as z from 'zod';
import { pageQueryShape } from '../common/paging.schemas';
import { TEXT_LIMITS } from '../common/text-limits';
import { ledgerMonthSchema } from '../ledger/ledger.schemas';
import { optionalText, requiredText } from '../validation/common.schemas';
import { BULLETIN_STATUSES } from './bulletin.types';

/** A bulletin's narrative: longer than a comment, a page or two of the committee's words. */
export const BULLETIN_NARRATIVE_MAX = 20_000;

/** `POST /api/bulletins`: the month whose figures the bulletin reports. */
export const createBulletinSchema = z.strictObject({ period: ledgerMonthSchema });
export type CreateBulletinInput = z.output<typeof createBulletinSchema>;

/** `PATCH /api/bulletins/:id` (drafts only): the title, the narrative, or `refresh` to recompute the figures. */
export const updateBulletinSchema = z.strictObject({
  title: requiredText(TEXT_LIMITS.title).optional(),
  narrative: optionalText(BULLETIN_NARRATIVE_MAX).optional(),
  refresh: z.boolean().optional(),
});
export type UpdateBulletinInput = z.output<typeof updateBulletinSchema>;

export const publishBulletinSchema = z.strictObject({});

export const listBulletinsQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(BULLETIN_STATUSES).optional(),
  period: ledgerMonthSchema.optional(),
});
export type ListBulletinsQuery = z.output<typeof listBulletinsQuery>;

export const bulletinFormatQuery = z.strictObject({ format: z.enum(['json', 'pdf', 'docx']).default('json') });
