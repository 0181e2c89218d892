import {
  RANKING_FORMULA,
  type RankingInputs,
  type TaskPeriodFacts,
  progressRatio,
  rankByScore,
  rankingComponents,
  rankingInputsOf,
  rankingScore,
} from './ranking-formula';

function facts(overrides: Partial<TaskPeriodFacts> = {}): TaskPeriodFacts {
  return {
    compliance: 'on_time',
    reviewScore: null,
    overdue: false,
    percentComplete: 50,
    expectedPercent: 50,
    ...overrides,
  };
}

const noInputs: RankingInputs = {
  tasks: 0,
  reportsDue: 0,
  reportsOnTime: 0,
  reviewsScored: 0,
  reviewScoreSum: 0,
  overdueTasks: 0,
  progressRatioSum: 0,
};

describe('Ranking formula', () => {
  it('is versioned and its weights add up to 1', () => {
    expect(RANKING_FORMULA.version).toBe('ranking-v1');
    const { onTimeRate, reviewScore, notOverdue, progress } = RANKING_FORMULA.weights;
    expect(onTimeRate + reviewScore + notOverdue + progress).toBeCloseTo(1, 10);
  });

  it('states the weights it uses in its description', () => {
    for (const [name, weight] of Object.entries(RANKING_FORMULA.weights)) {
      expect(RANKING_FORMULA.description).toContain(`${name} ${weight}`);
    }
  });

  describe('progress ratio of one task', () => {
    it.each([
      [50, 50, 1],
      [80, 50, 1],
      [25, 50, 0.5],
      [0, 40, 0],
      [10, null, 1],
      [10, 0, 1],
    ])('percent %p against expected %p counts %p', (percent, expected, ratio) => {
      expect(progressRatio(percent, expected)).toBe(ratio);
    });
  });

  describe('inputs of a department', () => {
    it('counts due reports (not those not due yet), on-time ones, scored reviews, overdue tasks', () => {
      const inputs = rankingInputsOf([
        facts({ compliance: 'on_time', reviewScore: 90 }),
        facts({ compliance: 'late', reviewScore: 70, overdue: true, percentComplete: 20, expectedPercent: 80 }),
        facts({ compliance: 'missing', percentComplete: 0, expectedPercent: 30 }),
        facts({ compliance: 'not_due', expectedPercent: null }),
      ]);
      expect(inputs).toEqual({
        tasks: 4,
        reportsDue: 3,
        reportsOnTime: 1,
        reviewsScored: 2,
        reviewScoreSum: 160,
        overdueTasks: 1,
        progressRatioSum: 2.25,
      });
    });

    it('rounds the progress sum to 4 decimals so the returned inputs reproduce the score exactly', () => {
      expect(rankingInputsOf([facts({ percentComplete: 1, expectedPercent: 3 })]).progressRatioSum).toBe(0.3333);
    });

    it('is all zeros without tasks', () => {
      expect(rankingInputsOf([])).toEqual(noInputs);
    });
  });

  describe('components', () => {
    it('are shares between 0 and 1', () => {
      expect(
        rankingComponents({
          tasks: 4,
          reportsDue: 4,
          reportsOnTime: 3,
          reviewsScored: 2,
          reviewScoreSum: 170,
          overdueTasks: 1,
          progressRatioSum: 3,
        }),
      ).toEqual({ onTimeRate: 0.75, reviewScore: 0.85, notOverdue: 0.75, progress: 0.75 });
    });

    it('are null where there is no data', () => {
      expect(rankingComponents({ ...noInputs, tasks: 1, progressRatioSum: 1 })).toEqual({
        onTimeRate: null,
        reviewScore: null,
        notOverdue: 1,
        progress: 1,
      });
    });
  });

  describe('score', () => {
    it.each<[string, RankingInputs, number | null]>([
      [
        'everything perfect → 100',
        {
          tasks: 2,
          reportsDue: 2,
          reportsOnTime: 2,
          reviewsScored: 2,
          reviewScoreSum: 200,
          overdueTasks: 0,
          progressRatioSum: 2,
        },
        100,
      ],
      [
        'weighted sum: 0.3·0.5 + 0.3·0.8 + 0.2·0.5 + 0.2·0.5 = 0.59',
        {
          tasks: 2,
          reportsDue: 2,
          reportsOnTime: 1,
          reviewsScored: 1,
          reviewScoreSum: 80,
          overdueTasks: 1,
          progressRatioSum: 1,
        },
        59,
      ],
      [
        'no review scored: the other weights are rescaled (0.3·1 + 0.2·1 + 0.2·0.5) / 0.7',
        {
          tasks: 1,
          reportsDue: 1,
          reportsOnTime: 1,
          reviewsScored: 0,
          reviewScoreSum: 0,
          overdueTasks: 0,
          progressRatioSum: 0.5,
        },
        85.71,
      ],
      [
        'nothing due and nothing scored: overdue and progress only',
        {
          tasks: 1,
          reportsDue: 0,
          reportsOnTime: 0,
          reviewsScored: 0,
          reviewScoreSum: 0,
          overdueTasks: 1,
          progressRatioSum: 1,
        },
        50,
      ],
      ['no tasks → no score', noInputs, null],
    ])('%s', (_name, inputs, score) => {
      const result = rankingScore(inputs);
      expect(result.score).toBe(score);
      expect(result.inputs).toBe(inputs);
      expect(result.formulaVersion).toBe('ranking-v1');
    });

    it('follows other weights when given another formula', () => {
      const inputs: RankingInputs = { ...noInputs, tasks: 2, reportsDue: 2, reportsOnTime: 1, progressRatioSum: 2 };
      const onTimeOnly = {
        version: 'test',
        description: '',
        weights: { onTimeRate: 1, reviewScore: 0, notOverdue: 0, progress: 0 },
      };
      expect(rankingScore(inputs, onTimeOnly)).toMatchObject({ score: 50, formulaVersion: 'test' });
    });

    it('is the same when recomputed from the inputs it returned', () => {
      const first = rankingScore(
        rankingInputsOf([
          facts({ compliance: 'late', reviewScore: 77, percentComplete: 13, expectedPercent: 37 }),
          facts({ compliance: 'on_time', reviewScore: 91, overdue: true }),
        ]),
      );
      const copy = JSON.parse(JSON.stringify(first.inputs)) as RankingInputs;
      expect(rankingScore(copy).score).toBe(first.score);
    });
  });

  describe('rank by score', () => {
    it('ranks highest first, shares ranks on ties (ordered by key) and leaves entries without a score last', () => {
      const ranked = rankByScore([
        { key: 'econ', score: 70 },
        { key: 'party', score: null },
        { key: 'build', score: 90 },
        { key: 'sci', score: 70 },
        { key: 'ftz', score: 50 },
      ]);
      expect(ranked.map((r) => [r.key, r.rank])).toEqual([
        ['build', 1],
        ['econ', 2],
        ['sci', 2],
        ['ftz', 4],
        ['party', null],
      ]);
    });
  });
});
