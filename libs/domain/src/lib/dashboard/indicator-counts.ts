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
  const tally = new IndicatorTally();
  for (const fact of facts) tally.add(fact);
  return tally.counts();
}

/**
 * {@link indicatorCounts} one indicator at a time: a dashboard counts each task's indicators into
 * its groups as it reads them, without gathering a list per group first.
 */
export class IndicatorTally {
  private total = 0;
  private reported = 0;
  private reached = 0;
  // In millionths of a percent, as integers: a sum of floats depends on the order of its terms
  // (53.35 or 53.349999…), and the database returns rows in no fixed order.
  private sumMicros = 0;

  add(fact: IndicatorFact): void {
    this.total += 1;
    if (fact.actual === null) return;
    const attainment = indicatorAttainment(fact, fact.actual);
    this.reported += 1;
    if (attainment >= 100) this.reached += 1;
    this.sumMicros += Math.round(Math.min(100, Math.max(0, attainment)) * 1e6);
  }

  counts(): IndicatorCounts {
    const { total, reported, reached, sumMicros } = this;
    return {
      total,
      reported,
      reached,
      averageAttainment: reported ? Math.round(sumMicros / reported / 1e5) / 10 : null,
    };
  }
}
