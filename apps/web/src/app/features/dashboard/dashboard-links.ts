import type { Params } from '@angular/router';
import type { LedgerComplianceFilter } from '@zibo/domain';

/** Where a number of the dashboard leads; `path` null = shown as plain text (no list holds exactly it). */
export interface DashboardLink {
  path: string[] | null;
  query: Params | null;
}

export interface DashboardLinkContext {
  /** The historical view's date, null for the live dashboard. */
  asOf: string | null;
  /** The period whose compliance the dashboard shows (in a historical view: the one closed by that date). */
  lastClosedPeriod: string;
  /** The caller may read the ledger (committee, auditor). */
  ledger: boolean;
}

const NO_LINK: DashboardLink = { path: null, query: null };

/** 督办台账 of one period, for one department or all: the per-task record of that period. */
export function ledgerLink(period: string, departmentId?: string): DashboardLink {
  return { path: ['/ledger'], query: departmentId ? { period, department: departmentId } : { period } };
}

/**
 * A count's drill-down. Live, the task list with the count's filters. In a historical view the task
 * list would show today's tasks under a past date, so the count leads to the ledger of the period the
 * view was recorded at (the department's, for a department's row) for those who may read it, and is
 * plain text for everyone else.
 */
export function countLink(filters: Params, context: DashboardLinkContext, departmentId?: string): DashboardLink {
  if (!context.asOf) {
    return { path: ['/tasks'], query: filters };
  }
  return context.ledger ? ledgerLink(context.lastClosedPeriod, departmentId) : NO_LINK;
}

/**
 * The compliance of a closed period (on time, late, missing) of all tasks or of the tasks a department
 * leads: the ledger of that period, narrowed to exactly the tasks the number counts (lead department
 * only, as the dashboard counts, and that compliance). Live only: a historical view's numbers were
 * judged at its date, the ledger judges now, so there it keeps the period and the lead department.
 */
export function complianceLink(
  context: DashboardLinkContext,
  departmentId?: string,
  compliance?: LedgerComplianceFilter,
): DashboardLink {
  if (!context.ledger) {
    return NO_LINK;
  }
  const query: Params = { period: context.lastClosedPeriod };
  if (departmentId) query['leadDepartment'] = departmentId;
  if (compliance && !context.asOf) query['compliance'] = compliance;
  return { path: ['/ledger'], query };
}
