import { type Period, type ReportingCycle, parsePeriod } from '../time/periods';

/**
 * The report period a task of the given cycle owes for a ledger month: the month itself for
 * monthly tasks; for quarterly tasks the quarter ending that month (2021-06 → 2021-Q2), since both
 * close at the same deadline; null for quarterly tasks in the first two months of a quarter.
 */
export function taskPeriodOfLedgerMonth(month: Period, cycle: ReportingCycle): Period | null {
  const parsed = parsePeriod(month);
  if (!parsed || parsed.cycle !== 'monthly') throw new Error(`Not a month: ${month}`);
  if (cycle === 'monthly') return month;
  return parsed.index % 3 === 0 ? `${parsed.year}-Q${parsed.index / 3}` : null;
}
