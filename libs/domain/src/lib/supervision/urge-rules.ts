import { type WorkingCalendar, addCalendarDays, addWorkingDays } from '../calendar/working-days';
import type { BusinessDate } from '../time/business-time';

export const URGE_STATUSES = ['open', 'answered', 'overdue'] as const;
/** `answered` once the head responded; `overdue` when unanswered after `respondBy`; else `open`. */
export type UrgeStatus = (typeof URGE_STATUSES)[number];

/** 1 issued; 2 the day after `respondBy` unanswered; 3 two working days after that, still unanswered. */
export type UrgeLevel = 1 | 2 | 3;

export interface UrgeTiming {
  respondBy: BusinessDate;
  respondedAt: Date | null;
}

export function urgeStatus(urge: UrgeTiming, today: BusinessDate): UrgeStatus {
  if (urge.respondedAt) return 'answered';
  return today > urge.respondBy ? 'overdue' : 'open';
}

/** The dates from which an unanswered urge stands at level 2 and at level 3. */
export function escalationDates(
  respondBy: BusinessDate,
  calendar: WorkingCalendar,
): { level2: BusinessDate; level3: BusinessDate } {
  const level2 = addCalendarDays(respondBy, 1);
  return { level2, level3: addWorkingDays(level2, 2, calendar) };
}

/** The level an urge should stand at today (an answered urge escalates no further). */
export function dueUrgeLevel(
  urge: UrgeTiming & { level: UrgeLevel },
  today: BusinessDate,
  calendar: WorkingCalendar,
): UrgeLevel {
  if (urge.respondedAt) return urge.level;
  const { level2, level3 } = escalationDates(urge.respondBy, calendar);
  const due: UrgeLevel = today >= level3 ? 3 : today >= level2 ? 2 : 1;
  return due > urge.level ? due : urge.level;
}
