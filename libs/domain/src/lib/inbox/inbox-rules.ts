import { addCalendarDays } from '../calendar/working-days';
import type { ReportStatus } from '../progress/report-state-machine';
import { type BusinessDate, startOfBusinessDate } from '../time/business-time';
import type { IndicatorActualView } from '../tasks/task.types';
import type { InboxItemKind, InboxItemView, ReportFieldChange } from './inbox.types';

/** A period a lead department owes a report for, and the report it has for it (if any). */
export interface OwedSlot {
  /** The period's deadline has passed. */
  late: boolean;
  report: { status: ReportStatus; revision: number; readyAt: Date | string | null } | null;
}

/**
 * What a lead department member has to do about a period's report, or null when nothing: the head
 * submits (a draft staff handed over is "waiting for the head"), staff draft until they hand it over;
 * a returned report (or its revision in progress) is to be revised; submitted and approved reports
 * are the committee's or done.
 */
export function owedItemKind(slot: OwedSlot, submits: boolean): InboxItemKind | null {
  const report = slot.report;
  if (!report) return slot.late ? 'report_overdue' : 'report_owed';
  switch (report.status) {
    case 'submitted':
    case 'approved':
      return null;
    case 'returned':
      return 'report_returned';
    case 'draft':
      if (report.readyAt) return submits ? 'draft_waiting_for_head' : null;
      if (report.revision > 0) return 'report_returned';
      return slot.late ? 'report_overdue' : 'report_owed';
  }
}

/**
 * When an answer dated `respondBy` (a business date: the end of that day) falls due: 00:00 of the
 * next day in the business time zone. The inbox sorts and flags overdue items by it.
 */
export function respondByDeadline(respondBy: BusinessDate, timeZone: string): Date {
  return startOfBusinessDate(addCalendarDays(respondBy, 1), timeZone);
}

type Sortable = Pick<InboxItemView, 'overdue' | 'dueAt' | 'since' | 'id'>;

/** The to-do order: overdue first, then by deadline (items without one last), then oldest first. */
export function inboxSortKey(item: Sortable): [number, string, string, string] {
  return [item.overdue ? 0 : 1, item.dueAt ?? '9999', item.since ?? '0000', item.id];
}

export function compareInboxItems(a: Sortable, b: Sortable): number {
  const ka = inboxSortKey(a);
  const kb = inboxSortKey(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] < kb[i]) return -1;
    if (ka[i] > kb[i]) return 1;
  }
  return 0;
}

/** The content of a submitted revision, as both the returned one and the resubmission carry it. */
export interface RevisionContent {
  percentComplete: number;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: readonly IndicatorActualView[];
  final: boolean;
}

const SCALAR_FIELDS = ['percentComplete', 'summary', 'problems', 'nextSteps', 'final'] as const;

/**
 * Field by field, what a resubmission changed against the returned revision: the reviewer reads
 * this instead of comparing two long texts. Indicator actuals compare per indicator.
 */
export function reportRevisionChanges(before: RevisionContent, after: RevisionContent): ReportFieldChange[] {
  const changes: ReportFieldChange[] = [];
  for (const field of SCALAR_FIELDS) {
    if (before[field] !== after[field]) changes.push({ field, before: before[field], after: after[field] });
  }
  const was = new Map(before.indicatorActuals.map((a) => [a.indicatorId, a.value]));
  const now = new Map(after.indicatorActuals.map((a) => [a.indicatorId, a.value]));
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(id) ?? null;
    const a = now.get(id) ?? null;
    if (b !== a) changes.push({ field: `indicatorActuals.${id}`, before: b, after: a });
  }
  return changes;
}
