import {
  checkIndicatorActuals,
  checkIndicatorPlan,
  indicatorPlanOf,
  indicatorAttainment,
  indicatorValueProblem,
} from './indicator-rules';

describe('Indicator values', () => {
  it.each([
    ['%', 8.2, null],
    ['%', -3.5, null],
    ['%', 131, null],
    ['%', -101, 'A rate cannot fall below −100 %'],
    ['个', 394, null],
    ['个', 3.5, 'Must be a whole number'],
    ['家', -1, 'Cannot be negative'],
    ['亿元', 1377.25, null],
    ['亿元', 1.23456, 'At most 4 decimal places'],
    ['名次', 30, null],
    ['名次', 0, 'A rank starts at 1'],
    ['亿元', 5e9, 'At most 1000000000 in size'],
  ] as const)('%s %d → %s', (unit, value, problem) => {
    expect(indicatorValueProblem(unit, value)).toBe(problem);
  });
});

describe('Indicator plans', () => {
  it('wants the target above the baseline when higher is better, below when lower is better', () => {
    expect(
      checkIndicatorPlan({ name: 'GDP 增长', unit: '%', baseline: 8.2, target: 8.5, direction: 'up' }, 'i'),
    ).toEqual([]);
    expect(
      checkIndicatorPlan({ name: '排名', unit: '名次', baseline: 40, target: 30, direction: 'down' }, 'i'),
    ).toEqual([]);
    expect(checkIndicatorPlan({ name: 'GDP 增长', unit: '%', baseline: 8.2, target: 8, direction: 'up' }, 'i')).toEqual(
      [expect.objectContaining({ field: 'i.target', code: 'direction' })],
    );
  });

  it('names the value that does not fit the unit', () => {
    expect(
      checkIndicatorPlan({ name: '项目', unit: '个', baseline: 1.5, target: 10, direction: 'up' }, 'indicators.0'),
    ).toEqual([expect.objectContaining({ field: 'indicators.0.baseline' })]);
  });
});

describe('Indicator attainment', () => {
  it('measures the way from baseline to target in either direction', () => {
    expect(indicatorAttainment({ baseline: 100, target: 200 }, 150)).toBe(50);
    expect(indicatorAttainment({ baseline: 40, target: 30 }, 35)).toBe(50);
    expect(indicatorAttainment({ baseline: 40, target: 30 }, 28)).toBe(120);
    expect(indicatorAttainment({ baseline: 100, target: 200 }, 90)).toBe(-10);
  });
});

describe('Indicator actuals', () => {
  const indicators = [
    { id: 'i1', unit: '个' as const },
    { id: 'i2', unit: '%' as const },
  ];
  it.each([
    [
      'fitting values',
      [
        { indicatorId: 'i1', value: 3 },
        { indicatorId: 'i2', value: -5.5 },
      ],
      [],
    ],
    ['a row without a value', [{ indicatorId: 'i1', value: null }], []],
    ['an indicator of another task', [{ indicatorId: 'x', value: 1 }], ['indicatorActuals.0.indicatorId:unknown']],
    [
      'an indicator twice',
      [
        { indicatorId: 'i1', value: 1 },
        { indicatorId: 'i1', value: 2 },
      ],
      ['indicatorActuals.1.indicatorId:duplicate'],
    ],
    ['a count with decimals', [{ indicatorId: 'i1', value: 1.5 }], ['indicatorActuals.0.value:invalid_value']],
  ])('%s', (_case, actuals, expected) => {
    expect(checkIndicatorActuals(actuals, indicators).map((e) => `${e.field}:${e.code}`)).toEqual(expected);
  });
});

describe('An indicator plan', () => {
  it('keeps the id and the five plan fields, nothing else', () => {
    const view = {
      id: 'i1',
      name: '投资',
      unit: '亿元' as const,
      baseline: 1,
      target: 2,
      direction: 'up' as const,
      actual: 3,
    };
    expect(indicatorPlanOf(view)).toEqual({
      id: 'i1',
      name: '投资',
      unit: '亿元',
      baseline: 1,
      target: 2,
      direction: 'up',
    });
  });
});
