import { RAG_STATUSES } from '@zibo/domain';
import zh from '../../../../public/i18n/zh-CN.json';
import { aTask } from '../../testing/task-fixtures';
import { ragReasonMessages } from './rag-reasons';

describe('RAG reasons in words', () => {
  it('say why a task is red, strongest reason first, with the numbers', () => {
    const task = aTask({
      rag: 'red',
      ragReasons: ['overdue', 'behind_schedule'],
      percentComplete: 40,
      expectedPercent: 100,
    });

    expect(ragReasonMessages(task)).toEqual([
      { key: 'rag.reasons.overdue', params: expect.objectContaining({ dueDate: task.dueDate }) },
      {
        key: 'rag.reasons.behindSchedule',
        params: expect.objectContaining({ percent: 40, expected: 100, tolerance: 15 }),
      },
    ]);
  });

  it('say a green task is on track', () => {
    expect(ragReasonMessages(aTask({ rag: 'green', ragReasons: [] }))).toEqual([{ key: 'rag.reasons.onTrack' }]);
  });

  it('say nothing for a task without a light (draft, completed, cancelled)', () => {
    expect(ragReasonMessages(aTask({ status: 'draft', rag: null }))).toEqual([]);
  });

  it('have a Chinese text for every reason and light', () => {
    const reasons = [
      'overdue',
      'two_periods_missing',
      'returned_twice',
      'last_period_missing',
      'behind_schedule',
    ] as const;
    const keys = reasons.flatMap((reason) => ragReasonMessages(aTask({ rag: 'red', ragReasons: [reason] })));
    const texts = zh.rag as unknown as Record<string, Record<string, string> | string>;

    for (const { key } of keys) {
      const [, group, name] = key.split('.');
      expect((texts[group] as Record<string, string>)[name]).toBeTruthy();
    }
    for (const rag of RAG_STATUSES) {
      expect(texts[rag]).toBeTruthy();
    }
  });
});
