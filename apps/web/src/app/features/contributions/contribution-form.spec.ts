import { parseContributionChanges, parseNewContribution } from './contribution-form';

const indicator = { id: '9a708238-4bb0-4c64-b81c-6f48a595304c', unit: '家' as const };
const values = {
  period: '2026-11',
  percentComplete: 40,
  summary: '配合完成企业走访',
  problems: '',
  nextSteps: '',
  indicatorActuals: [{ indicatorId: indicator.id, value: 3 }],
};

describe('A contribution', () => {
  it('is sent with the period and the actuals given', () => {
    const result = parseNewContribution(values, [indicator]);

    expect(result.ok && result.value).toMatchObject({
      period: '2026-11',
      indicatorActuals: [{ indicatorId: indicator.id, value: 3 }],
    });
  });

  it('may be saved without a percent: clearing the box sends null', () => {
    expect(parseContributionChanges({ ...values, percentComplete: null }, values, [indicator])).toEqual({
      ok: true,
      value: { percentComplete: null },
    });
  });

  it('checks actuals against their unit', () => {
    const result = parseNewContribution({ ...values, indicatorActuals: [{ indicatorId: indicator.id, value: -1 }] }, [
      indicator,
    ]);

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['indicatorActuals.0.value']);
  });

  it('patches only what changed', () => {
    expect(parseContributionChanges(values, values, [indicator])).toBeNull();
    expect(parseContributionChanges({ ...values, summary: '新' }, values, [indicator])).toEqual({
      ok: true,
      value: { summary: '新' },
    });
  });
});
