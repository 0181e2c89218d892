import { DateTime } from 'luxon';
import { type BusinessDate, businessDateOf, startOfBusinessDate } from './business-time';

export const REPORTING_CYCLES = ['monthly', 'quarterly'] as const;
export type ReportingCycle = (typeof REPORTING_CYCLES)[number];

/** A reporting period: `YYYY-MM` (monthly) or `YYYY-Qn` (quarterly). */
export type Period = string;

const MONTHLY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTERLY = /^(\d{4})-Q([1-4])$/;

interface ParsedPeriod {
  cycle: ReportingCycle;
  year: number;
  /** Month (1–12) or quarter (1–4). */
  index: number;
}

export function parsePeriod(period: Period): ParsedPeriod | null {
  const monthly = MONTHLY.exec(period);
  if (monthly) return { cycle: 'monthly', year: Number(monthly[1]), index: Number(monthly[2]) };
  const quarterly = QUARTERLY.exec(period);
  if (quarterly) return { cycle: 'quarterly', year: Number(quarterly[1]), index: Number(quarterly[2]) };
  return null;
}

function mustParse(period: Period): ParsedPeriod {
  const parsed = parsePeriod(period);
  if (!parsed) throw new Error(`Not a period: ${period}`);
  return parsed;
}

function format(cycle: ReportingCycle, year: number, index: number): Period {
  return cycle === 'monthly' ? `${year}-${String(index).padStart(2, '0')}` : `${year}-Q${index}`;
}

export function cycleOf(period: Period): ReportingCycle {
  return mustParse(period).cycle;
}

/** The period of the given cycle that contains a business date. */
export function periodContaining(date: BusinessDate, cycle: ReportingCycle): Period {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return cycle === 'monthly' ? format('monthly', year, month) : format('quarterly', year, Math.ceil(month / 3));
}

/** First and last calendar day of a period. */
export function periodRange(period: Period): { first: BusinessDate; last: BusinessDate } {
  const { cycle, year, index } = mustParse(period);
  const firstMonth = cycle === 'monthly' ? index : (index - 1) * 3 + 1;
  const months = cycle === 'monthly' ? 1 : 3;
  const first = DateTime.utc(year, firstMonth, 1);
  const last = first.plus({ months }).minus({ days: 1 });
  return { first: first.toISODate() as string, last: last.toISODate() as string };
}

export function shiftPeriod(period: Period, by: number): Period {
  const { cycle, year, index } = mustParse(period);
  const perYear = cycle === 'monthly' ? 12 : 4;
  const ordinal = year * perYear + (index - 1) + by;
  return format(cycle, Math.floor(ordinal / perYear), (ordinal % perYear) + 1);
}

export const nextPeriod = (period: Period) => shiftPeriod(period, 1);
export const previousPeriod = (period: Period) => shiftPeriod(period, -1);

/** Orders two periods of the same cycle (negative when `a` is earlier). */
export function comparePeriods(a: Period, b: Period): number {
  const pa = mustParse(a);
  const pb = mustParse(b);
  return pa.year - pb.year || pa.index - pb.index;
}

/** Every period from `from` to `to`, both included (empty when `to` is earlier). */
export function periodsBetween(from: Period, to: Period): Period[] {
  const periods: Period[] = [];
  for (let p = from; comparePeriods(p, to) <= 0; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/**
 * The report for period P is due before 00:00 of the day after day `dueDay` of the month after P
 * ends (docs/rules.md), in business time. Returns that instant: submissions strictly before it are on time.
 */
export function deadlineOf(period: Period, dueDay: number, timeZone: string): Date {
  const { last } = periodRange(period);
  const dayAfterDueDay = DateTime.fromISO(last, { zone: 'UTC' })
    .plus({ days: 1 })
    .set({ day: dueDay })
    .plus({ days: 1 })
    .toISODate() as string;
  return startOfBusinessDate(dayAfterDueDay, timeZone);
}

/**
 * The last business day on which a report is still on time: the day before the deadline instant
 * (deadlines are 00:00 of the next day), so people read "due 12-05, 24:00" rather than "12-06 00:00".
 */
export function deadlineDayOf(deadline: Date, timeZone: string): BusinessDate {
  return businessDateOf(new Date(deadline.getTime() - 1), timeZone);
}

/**
 * The current reporting period at an instant: the one whose deadline is the first deadline after
 * it (on 3 April that is March; on 6 April it is April, with the default due day 5).
 */
export function currentReportingPeriod(now: Date, cycle: ReportingCycle, dueDay: number, timeZone: string): Period {
  const containing = periodContaining(businessDateOf(now, timeZone), cycle);
  const previous = previousPeriod(containing);
  return now.getTime() < deadlineOf(previous, dueDay, timeZone).getTime() ? previous : containing;
}

/** The last period whose deadline has passed at `now`. */
export function lastClosedPeriod(now: Date, cycle: ReportingCycle, dueDay: number, timeZone: string): Period {
  return previousPeriod(currentReportingPeriod(now, cycle, dueDay, timeZone));
}

export const COMPLIANCE = ['on_time', 'late', 'missing', 'not_due'] as const;
export type Compliance = (typeof COMPLIANCE)[number];

/** Compliance of one (task, period): by its first submission against the deadline. */
export function complianceOf(firstSubmittedAt: Date | null, deadline: Date, now: Date): Compliance {
  if (firstSubmittedAt) return firstSubmittedAt.getTime() < deadline.getTime() ? 'on_time' : 'late';
  return now.getTime() >= deadline.getTime() ? 'missing' : 'not_due';
}
