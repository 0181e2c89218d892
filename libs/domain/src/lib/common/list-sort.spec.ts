import { parseInput } from '../validation/parse-input';
import { listTasksQuerySchema } from '../tasks/task.schemas';
import { reviewQueueQuerySchema } from '../inbox/inbox.types';
import { REVIEW_QUEUE_SORT_KEYS, TASK_SORT_KEYS, parseSort, sortToken, sortTokens } from './list-sort';

describe('List sort vocabulary', () => {
  it.each([
    ['dueDate', { key: 'dueDate', direction: 'asc' }],
    ['-dueDate', { key: 'dueDate', direction: 'desc' }],
    ['-percentComplete', { key: 'percentComplete', direction: 'desc' }],
  ] as const)('reads sort=%s as %j and writes it back', (token, sort) => {
    expect(parseSort(token)).toEqual(sort);
    expect(sortToken(parseSort(token))).toBe(token);
  });

  it('offers every key in both directions', () => {
    expect(sortTokens(TASK_SORT_KEYS)).toHaveLength(TASK_SORT_KEYS.length * 2);
    expect(sortTokens(REVIEW_QUEUE_SORT_KEYS)).toContain('-deadline');
  });

  it('defaults the task list to due date and the review queue to submission time', () => {
    expect(listTasksQuerySchema.parse({}).sort).toBe('dueDate');
    expect(reviewQueueQuerySchema.parse({}).sort).toBe('submittedAt');
  });

  it.each(['due', '+dueDate', '--title', 'submittedAt', ''])(
    'refuses sort=%j on the task list as invalid_value',
    (sort) => {
      const result = parseInput(listTasksQuerySchema, { sort });
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['sort:invalid_value']);
    },
  );
});
