import type { BusinessDate } from '../time/business-time';

export const DIRECTIVE_STATUSES = ['open', 'answered', 'overdue'] as const;
/**
 * 领导批示: `answered` once the lead department's head responded; `overdue` when unanswered after
 * `respondBy` (the end of that business day); else `open`. Open and overdue directives are pending.
 */
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];

export function directiveStatus(
  directive: { respondBy: BusinessDate; respondedAt: Date | string | null },
  today: BusinessDate,
): DirectiveStatus {
  if (directive.respondedAt) return 'answered';
  return today > directive.respondBy ? 'overdue' : 'open';
}

/** Pending directives first (overdue, then by their date), answered ones after, newest first. */
export function compareDirectives(
  a: { status: DirectiveStatus; respondBy: string; issuedAt: string },
  b: { status: DirectiveStatus; respondBy: string; issuedAt: string },
): number {
  const rank = (s: DirectiveStatus) => (s === 'overdue' ? 0 : s === 'open' ? 1 : 2);
  const byRank = rank(a.status) - rank(b.status);
  if (byRank) return byRank;
  if (a.status !== 'answered' && a.respondBy !== b.respondBy) return a.respondBy < b.respondBy ? -1 : 1;
  return a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0;
}
