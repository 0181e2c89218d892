import type { Rag } from '../rag/rag-status';
import type { UrgeLevel } from './urge-rules';

export const NOTICE_COLOURS = ['blue', 'yellow', 'red'] as const;
/** 三色督办单: blue 提示, yellow 督办, red 挂牌督办. */
export type NoticeColour = (typeof NOTICE_COLOURS)[number];

export interface NoticeColourInput {
  /** The task's RAG now. */
  rag: Rag | null;
  /** RAG at the close of the last two closed periods, newest first (from the status snapshots). */
  closedPeriodRags: readonly (Rag | null)[];
  /** Days past the due date (0 when not overdue). */
  overdueDays: number;
  /** The highest level among the task's unanswered urges, and whether a level-1 one is past `respondBy`. */
  highestUrgeLevel: UrgeLevel | null;
  levelOneUrgePastRespondBy: boolean;
}

/**
 * The colour the committee is offered for a notice: the strongest that applies (issue 11's table).
 * red: red in two consecutive closed periods, a level-3 urge, or more than 30 days overdue;
 * yellow: red now, or a level-2 urge; blue: amber now, or a level-1 urge past its respondBy;
 * otherwise none is suggested.
 */
export function suggestedNoticeColour(input: NoticeColourInput): NoticeColour | null {
  const [last, previous] = input.closedPeriodRags;
  if ((last === 'red' && previous === 'red') || input.highestUrgeLevel === 3 || input.overdueDays > 30) return 'red';
  if (input.rag === 'red' || input.highestUrgeLevel === 2) return 'yellow';
  if (input.rag === 'amber' || input.levelOneUrgePastRespondBy) return 'blue';
  return null;
}
