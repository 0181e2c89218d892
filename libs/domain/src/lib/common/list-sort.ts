import * as z from 'zod';

/** Ascending or descending: `sort=key` or `sort=-key`. */
export type SortDirection = 'asc' | 'desc';

/** A list's order as the api reads `?sort=`: the column and its direction (ties broken by id, same direction). */
export interface ListSort<K extends string> {
  key: K;
  direction: SortDirection;
}

/** A `sort=` value: a key, or a key after `-` for descending. */
export type SortToken<K extends string> = K | `-${K}`;

/** Every `sort=` value a list accepts: each key, ascending (`key`) and descending (`-key`). */
export function sortTokens<K extends string>(keys: readonly K[]): SortToken<K>[] {
  return keys.flatMap((key) => [key, `-${key}` as const]);
}

/**
 * The `?sort=` parameter of a list: one of `sortTokens(keys)`, `fallback` when absent. Anything
 * else is a 400 `invalid_value` on field `sort` (the OpenAPI document lists the values).
 */
export function sortQuerySchema<K extends string>(keys: readonly [K, ...K[]], fallback: K) {
  const tokens = sortTokens(keys) as [SortToken<K>, ...SortToken<K>[]];
  const token: z.ZodType<SortToken<K>, SortToken<K>> = z.enum(tokens, {
    message: `Must be one of ${tokens.join(', ')}`,
  });
  return token.optional().transform((value): SortToken<K> => value ?? fallback);
}

/** `dueDate` → ascending by due date, `-dueDate` → descending. */
export function parseSort<K extends string>(token: SortToken<K>): ListSort<K> {
  return token.startsWith('-')
    ? { key: token.slice(1) as K, direction: 'desc' }
    : { key: token as K, direction: 'asc' };
}

/** The `sort=` value of a column and direction (the inverse of parseSort). */
export function sortToken<K extends string>(sort: ListSort<K>): SortToken<K> {
  return sort.direction === 'desc' ? `-${sort.key}` : sort.key;
}

/**
 * The columns the task list sorts by (`GET /api/tasks?sort=`), default `dueDate` (today's order):
 * due date, title, lead department (by its code), status (in TASK_STATUSES' lifecycle order), RAG
 * (in RAG_STATUSES' order: red, amber, green, then none), the percent that counts, and the last change.
 */
export const TASK_SORT_KEYS = [
  'dueDate',
  'title',
  'leadDepartment',
  'status',
  'rag',
  'percentComplete',
  'updatedAt',
] as const;
export type TaskSortKey = (typeof TASK_SORT_KEYS)[number];
export const TASK_DEFAULT_SORT: TaskSortKey = 'dueDate';

/**
 * The review queue's orders (`GET /api/review-queue?sort=`), default `submittedAt` (oldest first):
 * submission time, reporting period (by its first day), lead department (by its code), and the
 * report deadline (by the period's end: every period's deadline is the same day after its end).
 */
export const REVIEW_QUEUE_SORT_KEYS = ['submittedAt', 'period', 'department', 'deadline'] as const;
export type ReviewQueueSortKey = (typeof REVIEW_QUEUE_SORT_KEYS)[number];
export const REVIEW_QUEUE_DEFAULT_SORT: ReviewQueueSortKey = 'submittedAt';
