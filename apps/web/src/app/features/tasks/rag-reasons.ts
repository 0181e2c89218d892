import { AMBER_TOLERANCE_POINTS, type RagReason, type TaskListItemView } from '@zibo/domain';
import type { MessageKey } from '../../core/forms/field-error-message';

// A Record, so a reason added to the domain without a text here fails to compile.
const REASON_KEYS: Record<RagReason, string> = {
  overdue: 'rag.reasons.overdue',
  two_periods_missing: 'rag.reasons.twoPeriodsMissing',
  returned_twice: 'rag.reasons.returnedTwice',
  last_period_missing: 'rag.reasons.lastPeriodMissing',
  behind_schedule: 'rag.reasons.behindSchedule',
};

/** Why a task shows its light, in words, strongest reason first (the api's order). */
export function ragReasonMessages(
  task: Pick<TaskListItemView, 'rag' | 'ragReasons' | 'percentComplete' | 'expectedPercent' | 'dueDate'>,
): MessageKey[] {
  if (task.rag === null) {
    return [];
  }
  if (task.ragReasons.length === 0) {
    return [{ key: 'rag.reasons.onTrack' }];
  }
  return task.ragReasons.map((reason) => ({
    key: REASON_KEYS[reason],
    params: {
      percent: task.percentComplete,
      expected: task.expectedPercent ?? 0,
      tolerance: AMBER_TOLERANCE_POINTS,
      dueDate: task.dueDate,
    },
  }));
}
