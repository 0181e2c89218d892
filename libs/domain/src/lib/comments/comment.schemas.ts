import * as z from 'zod';
import { pageQueryShape } from '../common/paging.schemas';
import { TEXT_LIMITS } from '../common/text-limits';
import { requiredText, uuidSchema } from '../validation/common.schemas';
import { cleanString } from '../validation/clean-text';

/** At most this many users named in one comment. */
export const COMMENT_MENTIONS_MAX = 20;

/**
 * `POST /api/tasks/:id/comments` and `/api/progress/:id/comments`. Mentions are structured: the
 * ids of the users named (the web app's autocomplete puts `@name` in the text and the id here).
 */
export const createCommentSchema = z.strictObject({
  text: requiredText(TEXT_LIMITS.longText),
  mentions: z
    .array(uuidSchema)
    .max(COMMENT_MENTIONS_MAX, `At most ${COMMENT_MENTIONS_MAX} users`)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Each user once', params: { code: 'duplicate' } })
    .default([]),
});
export type CreateCommentInput = z.output<typeof createCommentSchema>;

/** Oldest first, so a thread reads top to bottom. */
export const listCommentsQuery = z.strictObject({ ...pageQueryShape });

export const mentionableUsersQuery = z.strictObject({
  /** Part of a username or display name. */
  q: cleanString().trim().max(TEXT_LIMITS.name, `At most ${TEXT_LIMITS.name} characters`).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type MentionableUsersQuery = z.output<typeof mentionableUsersQuery>;
