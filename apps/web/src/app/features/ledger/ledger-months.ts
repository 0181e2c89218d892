import type { Params } from '@angular/router';
import { type Period, lastClosedPeriod, periodContaining, periodsBetween, shiftPeriod } from '@zibo/domain';
import type { CalendarSettings } from '../../core/reference/business-calendar';

/** How many months back the period picker offers. */
export const LEDGER_MONTHS_BACK = 36;

/** The months a ledger or ranking may be asked for: the current month and those before it, newest first. */
export function ledgerMonths(today: string, back = LEDGER_MONTHS_BACK): Period[] {
  const current = periodContaining(today, 'monthly');
  return periodsBetween(shiftPeriod(current, -back), current).reverse();
}

/** The month to open with: the last one whose reporting deadline has passed (its ledger is final). */
export function defaultLedgerMonth(now: Date, calendar: CalendarSettings): Period {
  return lastClosedPeriod(now, 'monthly', calendar.reportDueDay, calendar.timeZone);
}

/** The month of the address bar when it is one the picker offers, else the default. */
export function ledgerMonthFromParams(params: Params, months: readonly Period[], fallback: Period): Period {
  const period: unknown = params['period'];
  return typeof period === 'string' && months.includes(period) ? period : fallback;
}
