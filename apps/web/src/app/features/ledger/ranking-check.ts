import { type RankingEntryView, type RankingFormula, rankingScore } from '@zibo/domain';

/**
 * The score recomputed in the browser from the entry's inputs with the formula the api returned, by
 * the domain's own function: null when the versions differ (then this browser cannot judge).
 */
export function recomputedScore(entry: Pick<RankingEntryView, 'inputs' | 'formulaVersion'>, formula: RankingFormula) {
  if (entry.formulaVersion !== formula.version) {
    return null;
  }
  return rankingScore(entry.inputs, formula).score;
}

/** A component share (0–1) as a percentage for reading; null (no data) as a dash. */
export function componentText(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 1000) / 10}%`;
}

/** The ranking's input columns, in the table's order. */
export const RANKING_INPUT_KEYS = [
  'tasks',
  'reportsDue',
  'reportsOnTime',
  'reviewsScored',
  'reviewScoreSum',
  'overdueTasks',
  'progressRatioSum',
] as const satisfies readonly (keyof RankingEntryView['inputs'])[];

/**
 * The 合计 row: each input column summed over the departments' rows, as a sheet's total row would;
 * progressRatioSum to its 4 decimals.
 */
export function rankingTotals(items: readonly Pick<RankingEntryView, 'inputs'>[]): RankingEntryView['inputs'] {
  const totals: RankingEntryView['inputs'] = {
    tasks: 0,
    reportsDue: 0,
    reportsOnTime: 0,
    reviewsScored: 0,
    reviewScoreSum: 0,
    overdueTasks: 0,
    progressRatioSum: 0,
  };
  for (const item of items) {
    for (const input of RANKING_INPUT_KEYS) {
      totals[input] += item.inputs[input];
    }
  }
  totals.progressRatioSum = Math.round(totals.progressRatioSum * 10_000) / 10_000;
  return totals;
}
