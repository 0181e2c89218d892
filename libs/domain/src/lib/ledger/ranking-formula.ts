import type { Compliance } from '../time/periods';

/** The four measures a department is scored on, each a share between 0 and 1. */
export interface RankingWeights {
  /** Reports due in the period that were submitted on time, of all due (on time + late + missing). */
  onTimeRate: number;
  /** Mean of the committee's review scores (0–100, taken as a share of 100) of the period's reports. */
  reviewScore: number;
  /** 1 − the share of tasks overdue at the period's close. */
  notOverdue: number;
  /** Mean over tasks of min(1, percent complete ÷ expected percent) at the period's close. */
  progress: number;
}

export interface RankingFormula {
  /** Printed beside every score: a change of weights or rules gets a new version. */
  version: string;
  weights: RankingWeights;
  /** The rule in words, returned with every ranking. */
  description: string;
}

/**
 * The department ranking formula (考核排名), version `ranking-v1`:
 *
 *   score = 100 × Σ wᵢ·cᵢ / Σ wᵢ   over the components cᵢ that have data,
 *
 * with c₁ = on-time rate, c₂ = average review score ÷ 100, c₃ = 1 − overdue share,
 * c₄ = average progress against expected (each task's percent ÷ expected percent, capped at 1; a task
 * with no expectation — not started, or closed — counts 1). A component without data (no report due,
 * no review scored, no task) is left out and the other weights rescaled, so a department is never
 * rewarded or punished for what did not happen. Scores are rounded to two decimals.
 *
 * The weights are a versioned constant (not an environment setting): a ranking is only comparable
 * with another computed by the same version, and the version travels with every score.
 */
export const RANKING_FORMULA: RankingFormula = {
  version: 'ranking-v1',
  weights: { onTimeRate: 0.3, reviewScore: 0.3, notOverdue: 0.2, progress: 0.2 },
  description:
    'score = 100 × sum(w × c) / sum(w) over the components c with data, weights w: onTimeRate 0.3, reviewScore 0.3, ' +
    'notOverdue 0.2, progress 0.2; onTimeRate = reportsOnTime / reportsDue; reviewScore = reviewScoreSum / ' +
    'reviewsScored / 100; notOverdue = 1 - overdueTasks / tasks; progress = progressRatioSum / tasks, each task ' +
    'counting min(1, percent / expected), 1 without an expectation; rounded to 2 decimals. Tasks: those the ' +
    "department leads that owed or filed the period's report.",
};

/** What one task contributes to its department's score for one period. */
export interface TaskPeriodFacts {
  /** The period's report: on time, late, missing, or not due yet (then it does not count). */
  compliance: Compliance;
  /** The latest review score given to the period's report, if any. */
  reviewScore: number | null;
  /** At the period's close (or now, while it is open). */
  overdue: boolean;
  percentComplete: number;
  expectedPercent: number | null;
}

/** The counts a score is computed from; returned with every score so anyone can recompute it. */
export interface RankingInputs {
  tasks: number;
  reportsDue: number;
  reportsOnTime: number;
  reviewsScored: number;
  reviewScoreSum: number;
  overdueTasks: number;
  /** Σ min(1, percent ÷ expected) over tasks, rounded to 4 decimals. */
  progressRatioSum: number;
}

export interface RankingComponents {
  onTimeRate: number | null;
  reviewScore: number | null;
  notOverdue: number | null;
  progress: number | null;
}

export interface RankingScore {
  /** 0–100, two decimals; null when no component has data (no tasks). */
  score: number | null;
  components: RankingComponents;
  inputs: RankingInputs;
  formulaVersion: string;
}

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** How far a task is along against where it should be: 1 when on or ahead of schedule. */
export function progressRatio(percentComplete: number, expectedPercent: number | null): number {
  if (expectedPercent === null || expectedPercent <= 0) return 1;
  return Math.min(1, percentComplete / expectedPercent);
}

/** Adds up the facts of a department's tasks for one period. */
export function rankingInputsOf(facts: readonly TaskPeriodFacts[]): RankingInputs {
  const due = facts.filter((f) => f.compliance !== 'not_due');
  const scored = facts.filter((f) => f.reviewScore !== null);
  return {
    tasks: facts.length,
    reportsDue: due.length,
    reportsOnTime: due.filter((f) => f.compliance === 'on_time').length,
    reviewsScored: scored.length,
    reviewScoreSum: scored.reduce((sum, f) => sum + (f.reviewScore ?? 0), 0),
    overdueTasks: facts.filter((f) => f.overdue).length,
    progressRatioSum: round(
      facts.reduce((sum, f) => sum + progressRatio(f.percentComplete, f.expectedPercent), 0),
      4,
    ),
  };
}

/** Each component as a share between 0 and 1, or null without data. */
export function rankingComponents(inputs: RankingInputs): RankingComponents {
  return {
    onTimeRate: inputs.reportsDue ? inputs.reportsOnTime / inputs.reportsDue : null,
    reviewScore: inputs.reviewsScored ? inputs.reviewScoreSum / inputs.reviewsScored / 100 : null,
    notOverdue: inputs.tasks ? 1 - inputs.overdueTasks / inputs.tasks : null,
    progress: inputs.tasks ? inputs.progressRatioSum / inputs.tasks : null,
  };
}

/** The score of a department (or of one task) from its inputs, by the given formula. */
export function rankingScore(inputs: RankingInputs, formula: RankingFormula = RANKING_FORMULA): RankingScore {
  const components = rankingComponents(inputs);
  let weighted = 0;
  let weights = 0;
  for (const key of Object.keys(formula.weights) as (keyof RankingWeights)[]) {
    const component = components[key];
    if (component === null) continue;
    weighted += formula.weights[key] * component;
    weights += formula.weights[key];
  }
  return {
    score: weights > 0 ? round((100 * weighted) / weights, 2) : null,
    components: {
      onTimeRate: components.onTimeRate === null ? null : round(components.onTimeRate, 4),
      reviewScore: components.reviewScore === null ? null : round(components.reviewScore, 4),
      notOverdue: components.notOverdue === null ? null : round(components.notOverdue, 4),
      progress: components.progress === null ? null : round(components.progress, 4),
    },
    inputs,
    formulaVersion: formula.version,
  };
}

/**
 * Ranks by score, highest first; equal scores share a rank (1, 1, 3) and are ordered by `key`;
 * entries without a score come last, unranked.
 */
export function rankByScore<T extends { score: number | null; key: string }>(
  entries: readonly T[],
): (T & { rank: number | null })[] {
  const sorted = [...entries].sort((a, b) => {
    if (a.score === null || b.score === null) {
      return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0) || a.key.localeCompare(b.key);
    }
    return b.score - a.score || a.key.localeCompare(b.key);
  });
  return sorted.map((entry) => ({
    ...entry,
    rank: entry.score === null ? null : sorted.findIndex((other) => other.score === entry.score) + 1,
  }));
}
