import { DEFAULT_CALENDAR } from '../../core/reference/business-calendar';
import { defaultLedgerMonth, ledgerMonthFromParams, ledgerMonths } from './ledger-months';

describe('Ledger months', () => {
  it('are offered from the current month back, newest first, across the year end', () => {
    expect(ledgerMonths('2027-01-15', 3)).toEqual(['2027-01', '2026-12', '2026-11', '2026-10']);
  });

  it('open on the last closed month: on 3 December that is October, on 6 December November', () => {
    expect(defaultLedgerMonth(new Date('2026-12-03T02:00:00Z'), DEFAULT_CALENDAR)).toBe('2026-10');
    expect(defaultLedgerMonth(new Date('2026-12-06T02:00:00Z'), DEFAULT_CALENDAR)).toBe('2026-11');
  });

  it('follow the report due day the api publishes', () => {
    expect(defaultLedgerMonth(new Date('2026-12-08T02:00:00Z'), { ...DEFAULT_CALENDAR, reportDueDay: 10 })).toBe(
      '2026-10',
    );
  });

  it('take the month of the address bar only when it is offered', () => {
    const months = ledgerMonths('2026-11-27', 2);

    expect(ledgerMonthFromParams({ period: '2026-10' }, months, '2026-10')).toBe('2026-10');
    expect(ledgerMonthFromParams({ period: '2019-01' }, months, '2026-10')).toBe('2026-10');
    expect(ledgerMonthFromParams({ period: '2026-Q3' }, months, '2026-10')).toBe('2026-10');
  });
});
