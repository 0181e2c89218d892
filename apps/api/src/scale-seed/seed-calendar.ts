import { DateTime } from 'luxon';
import {
  type BusinessDate,
  type Period,
  type ReportingCycle,
  businessDateOf,
  currentReportingPeriod,
  deadlineOf,
  periodRange,
  startOfBusinessDate,
} from '@zibo/domain';
import type { SeededRandom } from './seeded-random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface PeriodTimes {
  /** 00:00 business time of the period's first day. */
  start: number;
  /** 00:00 business time of the day after its last day. */
  end: number;
  /** The report deadline (docs/rules.md), from the domain's deadlineOf. */
  deadline: number;
}

/**
 * Dates and times for the generated history, in business time: the periods' bounds and deadlines
 * come from the domain rules (cached: a few hundred periods serve millions of events), and people
 * act on working days between 08:30 and 18:00.
 */
export class SeedCalendar {
  private readonly periods = new Map<Period, PeriodTimes>();
  private readonly currents = new Map<string, Period>();
  /** The zone's offset from UTC now; Asia/Shanghai has had no daylight saving since 1991. */
  private readonly offset: number;

  constructor(
    readonly now: number,
    readonly timeZone: string,
    readonly reportDueDay: number,
  ) {
    this.offset = DateTime.fromMillis(now, { zone: timeZone }).offset * MINUTE;
    if (businessDateOf(new Date(now), timeZone) !== this.date(now)) throw new Error('business date mismatch');
  }

  period(period: Period): PeriodTimes {
    let times = this.periods.get(period);
    if (!times) {
      const { first, last } = periodRange(period);
      times = {
        start: startOfBusinessDate(first, this.timeZone).getTime(),
        end: startOfBusinessDate(addDays(last, 1), this.timeZone).getTime(),
        deadline: deadlineOf(period, this.reportDueDay, this.timeZone).getTime(),
      };
      this.periods.set(period, times);
    }
    return times;
  }

  /** The domain's current reporting period; it only changes at 00:00 business time, so one answer per day. */
  currentPeriod(at: number, cycle: ReportingCycle): Period {
    const key = `${cycle}:${this.dayStart(at)}`;
    let period = this.currents.get(key);
    if (!period) {
      period = currentReportingPeriod(new Date(at), cycle, this.reportDueDay, this.timeZone);
      this.currents.set(key, period);
    }
    return period;
  }

  /** The business date of an instant (the zone's offset is fixed for the history: see `offset`). */
  date(at: number): BusinessDate {
    return new Date(at + this.offset).toISOString().slice(0, 10);
  }

  /** 00:00 business time of the day containing `at`. */
  dayStart(at: number): number {
    return at - ((((at + this.offset) % DAY) + DAY) % DAY);
  }

  /** A moment of working time on the working day that contains `at` (weekends move to Monday). */
  workingTime(at: number, random: SeededRandom): number {
    let day = this.dayStart(at);
    // 1970-01-01 was a Thursday: weekday 0 = Monday … 6 = Sunday.
    const weekday = (Math.floor((day + this.offset) / DAY) + 3) % 7;
    if (weekday >= 5) day += (7 - weekday) * DAY;
    return day + 8.5 * HOUR + random.between(0, 9.5 * HOUR);
  }

  /** Working time about `days` after `at`, never before `at` itself (plus a few minutes). */
  after(at: number, days: number, random: SeededRandom): number {
    const candidate = this.workingTime(at + days * DAY, random);
    return Math.max(candidate, at + random.between(5 * MINUTE, 40 * MINUTE));
  }

  /** The month (in business time) of an instant, as year × 12 + month index: cheap, for bucketing. */
  monthOf(at: number): number {
    const shifted = new Date(at + this.offset);
    return shifted.getUTCFullYear() * 12 + shifted.getUTCMonth();
  }

  monthBounds(month: number): { start: number; end: number } {
    const year = Math.floor(month / 12);
    const index = month % 12;
    return { start: Date.UTC(year, index, 1) - this.offset, end: Date.UTC(year, index + 1, 1) - this.offset };
  }

  monthLabel(month: number): string {
    return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  }

  /** Business date `months` after `date`, on the same day or the month's last (as luxon's plus). */
  addMonths(date: BusinessDate, months: number): BusinessDate {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const target = month - 1 + months;
    const lastDay = new Date(Date.UTC(year, target + 1, 0)).getUTCDate();
    return new Date(Date.UTC(year, target, Math.min(day, lastDay))).toISOString().slice(0, 10);
  }
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}
