import type { EntityManager } from 'typeorm';
import type { FieldError, IndicatorActualView } from '@zibo/domain';
import type { Task } from '../tasks';
import { checkReportPeriod, checkTaskIndicatorActuals } from './reporting-checks';

/** The body of a new report or contribution, in what the two have in common. */
export interface NewDraftInput {
  period: string;
  percentComplete?: number | null;
  summary?: string;
  problems?: string;
  nextSteps?: string;
  indicatorActuals?: IndicatorActualView[];
}

/**
 * The checks a new draft of either kind passes before its own: a period the task reports on, and
 * actuals that fit the task's indicators.
 */
export async function checkNewDraft(
  tx: EntityManager,
  task: Task,
  input: NewDraftInput,
  now: Date,
  timeZone: string,
): Promise<FieldError[]> {
  return [
    ...checkReportPeriod(task, input.period, now, timeZone),
    ...(await checkTaskIndicatorActuals(tx, task.id, input.indicatorActuals ?? [])),
  ];
}

/** A new draft's columns: what the body gave, the rest empty, written by the caller. */
export function newDraftFields(input: NewDraftInput, authorId: string) {
  return {
    period: input.period,
    status: 'draft' as const,
    percentComplete: input.percentComplete ?? null,
    summary: input.summary ?? '',
    problems: input.problems ?? '',
    nextSteps: input.nextSteps ?? '',
    indicatorActuals: input.indicatorActuals ?? [],
    authorId,
  };
}
