import { taskPeriodOfLedgerMonth } from './ledger-period';

describe('Ledger month', () => {
  it.each([
    ['2021-04', 'monthly', '2021-04'],
    ['2021-04', 'quarterly', null],
    ['2021-05', 'quarterly', null],
    ['2021-06', 'quarterly', '2021-Q2'],
    ['2021-12', 'quarterly', '2021-Q4'],
  ] as const)('%s covers the %s period %p', (month, cycle, period) => {
    expect(taskPeriodOfLedgerMonth(month, cycle)).toBe(period);
  });

  it('refuses anything but a month', () => {
    expect(() => taskPeriodOfLedgerMonth('2021-Q2', 'monthly')).toThrow();
  });
});
