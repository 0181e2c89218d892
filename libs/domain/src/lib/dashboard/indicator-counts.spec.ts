import { IndicatorTally, indicatorCounts } from './indicator-counts';

describe('Dashboard indicator counts', () => {
  it('counts reported indicators and those at their target, in either direction', () => {
    const counts = indicatorCounts([
      // Higher is better: reached.
      { baseline: 10, target: 20, actual: 20 },
      // Lower is better (a rank): 5 → 2, at 3 it is two thirds of the way.
      { baseline: 5, target: 2, actual: 3 },
      // Lower is better, past the target: reached.
      { baseline: 5, target: 2, actual: 1 },
      // Not reported yet.
      { baseline: 0, target: 100, actual: null },
    ]);

    expect(counts).toEqual({ total: 4, reported: 3, reached: 2, averageAttainment: 88.9 });
  });

  it('caps each attainment to 0–100 % in the mean', () => {
    // 300 % and −50 % count as 100 and 0: the mean is 50, not 125.
    expect(
      indicatorCounts([
        { baseline: 0, target: 10, actual: 30 },
        { baseline: 10, target: 20, actual: 5 },
      ]).averageAttainment,
    ).toBe(50);
  });

  it('has no mean when nothing is reported', () => {
    expect(indicatorCounts([{ baseline: 1, target: 2, actual: null }])).toEqual({
      total: 1,
      reported: 0,
      reached: 0,
      averageAttainment: null,
    });
    expect(indicatorCounts([])).toEqual({ total: 0, reported: 0, reached: 0, averageAttainment: null });
  });
});

describe('IndicatorTally', () => {
  it('counts one indicator at a time as indicatorCounts counts the list, in any order', () => {
    const facts = [
      { baseline: 10, target: 20, actual: 17.3 },
      { baseline: 5, target: 2, actual: 3 },
      { baseline: 0, target: 7, actual: null },
      { baseline: 0, target: 3, actual: 1 },
      { baseline: 100, target: 40, actual: 90 },
    ];
    const forwards = new IndicatorTally();
    const backwards = new IndicatorTally();
    facts.forEach((f) => forwards.add(f));
    [...facts].reverse().forEach((f) => backwards.add(f));

    expect(forwards.counts()).toEqual(indicatorCounts(facts));
    expect(backwards.counts()).toEqual(forwards.counts());
    expect(forwards.counts()).toMatchObject({ total: 5, reported: 4 });
  });
});
