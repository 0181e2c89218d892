import { RANKING_FORMULA, type RankingInputs } from '@zibo/domain';
import { componentText, rankingTotals, recomputedScore } from './ranking-check';

const inputs: RankingInputs = {
  tasks: 2,
  reportsDue: 2,
  reportsOnTime: 2,
  reviewsScored: 1,
  reviewScoreSum: 92,
  overdueTasks: 0,
  progressRatioSum: 2,
};

describe('A department ranking, recomputed from its inputs', () => {
  it('gives the score the api gave (econ, October: 97.6)', () => {
    expect(recomputedScore({ inputs, formulaVersion: 'ranking-v1' }, RANKING_FORMULA)).toBe(97.6);
  });

  it('follows the weights the api returned with the ranking', () => {
    const onTimeOnly = { ...RANKING_FORMULA, weights: { onTimeRate: 1, reviewScore: 0, notOverdue: 0, progress: 0 } };

    expect(recomputedScore({ inputs: { ...inputs, reportsOnTime: 1 }, formulaVersion: 'ranking-v1' }, onTimeOnly)).toBe(
      50,
    );
  });

  it('is not attempted for another formula version', () => {
    expect(recomputedScore({ inputs, formulaVersion: 'ranking-v2' }, RANKING_FORMULA)).toBeNull();
  });

  it('shows components as percentages', () => {
    expect(componentText(0.8553)).toBe('85.5%');
    expect(componentText(1)).toBe('100%');
    expect(componentText(null)).toBe('—');
  });
});

describe('Ranking totals', () => {
  it('sums every input over the departments', () => {
    const of = (n: number) => ({
      tasks: n,
      reportsDue: 2 * n,
      reportsOnTime: n,
      reviewsScored: 1,
      reviewScoreSum: 4,
      overdueTasks: n - 1,
      progressRatioSum: 0.1 * n,
    });
    expect(rankingTotals([{ inputs: of(1) }, { inputs: of(2) }, { inputs: of(3) }])).toEqual({
      tasks: 6,
      reportsDue: 12,
      reportsOnTime: 6,
      reviewsScored: 3,
      reviewScoreSum: 12,
      overdueTasks: 3,
      // 0.1 + 0.2 + 0.3 without the float's tail.
      progressRatioSum: 0.6,
    });
    expect(rankingTotals([])).toMatchObject({ tasks: 0, progressRatioSum: 0 });
  });
});
