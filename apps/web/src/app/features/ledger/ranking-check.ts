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
