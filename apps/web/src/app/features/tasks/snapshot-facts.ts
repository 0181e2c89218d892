import type { IndicatorView, StatusSnapshotView } from '@zibo/domain';
import type { MessageKey } from '../../core/forms/field-error-message';
import { ragReasonMessages } from './rag-reasons';

/** Why the task showed its light when the period closed, in the same words as the live light. */
export function snapshotReasons(snapshot: StatusSnapshotView): MessageKey[] {
  const dueDate = snapshot.inputs['dueDate'];
  return ragReasonMessages({
    rag: snapshot.rag,
    ragReasons: snapshot.reasons,
    percentComplete: snapshot.percentComplete,
    expectedPercent: snapshot.expectedPercent,
    dueDate: typeof dueDate === 'string' ? dueDate : '—',
  });
}

/** The indicator actuals recorded then, named by the task's indicators (an unknown one keeps its id). */
export function snapshotActuals(
  snapshot: StatusSnapshotView,
  indicators: readonly Pick<IndicatorView, 'id' | 'name' | 'unit'>[],
): { name: string; value: number; unit: string }[] {
  return snapshot.indicatorActuals.map((actual) => {
    const indicator = indicators.find((i) => i.id === actual.indicatorId);
    return { name: indicator?.name ?? actual.indicatorId, value: actual.value, unit: indicator?.unit ?? '' };
  });
}
