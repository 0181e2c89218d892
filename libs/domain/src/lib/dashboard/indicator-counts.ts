import { indicatorAttainment } from '../indicators/indicator-rules';
import type { IndicatorCounts } from './dashboard.types';

/** One indicator as the dashboard counts it: its plan and its latest counted actual (null: none yet). */
export interface IndicatorFact {
  baseline: number;
  target: number;
  actual: number | null;
}

/**
 * The dashboard's indicator summary of a group: how many indicators, how many reported, how many at
 * or past their target ({@link indicatorAttainment} ≥ 100, so a "lower is better" indicator reaches
 * its target by falling to it), and the mean attainment of the reported ones with each capped to
 * 0–100 % (one indicator far past its target does not hide another far behind).
 */
export function indicatorCounts(facts: readonly IndicatorFact[]): IndicatorCounts {
  let reported = 0;
  let reached = 0;
  // In millionths of a percent, as integers: a sum of floats depends on the order of its terms
  // (53.35 or 53.349999…), and the database returns rows in no fixed order.
  let sumMicros = 0;
  for (const fact of facts) {
    if (fact.actual === null) continue;
    const attainment = indicatorAttainment(fact, fact.actual);
    reported += 1;
    if (attainment >= 100) reached += 1;
    sumMicros += Math.round(Math.min(100, Math.max(0, attainment)) * 1e6);
  }
  return {
    total: facts.length,
    reported,
    reached,
    averageAttainment: reported ? Math.round(sumMicros / reported / 1e5) / 10 : null,
  };
}
