import { type ContributionView, comparePeriods } from '@zibo/domain';

export interface OwnContributions {
  /** The draft to carry on with: the newest period's, when the department has several. */
  draft: ContributionView | null;
  /** What the department already submitted, newest period first. */
  submitted: ContributionView[];
  /** Periods the department already has a contribution for (a new one needs another period). */
  periodsTaken: string[];
}

/**
 * The caller's department's part of `GET /api/tasks/:id/contributions` (which also lists other
 * departments' submitted contributions): its draft, wherever it was started, and what it submitted.
 */
export function ownContributions(
  contributions: readonly ContributionView[],
  departmentId: string | null,
): OwnContributions {
  const own = contributions
    .filter((c) => departmentId !== null && c.departmentId === departmentId)
    .sort((a, b) => comparePeriods(b.period, a.period));
  return {
    draft: own.find((c) => c.status === 'draft') ?? null,
    submitted: own.filter((c) => c.status === 'submitted'),
    periodsTaken: own.map((c) => c.period),
  };
}
