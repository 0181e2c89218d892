import {
  type ContributionView,
  createContributionSchema,
  type CreateContributionInput,
  type IndicatorView,
  checkIndicatorActuals,
  parseInput,
  type ParseResult,
  updateContributionSchema,
  type UpdateContributionInput,
  type FieldError,
} from '@zibo/domain';
import { changedFields } from '../../core/forms/changed-fields';
import { type ActualRow, percentOrNull, toFormErrors } from '../progress';

/** A co-owning department's part of a period report; the same fields as a report, minus final and reasons. */
export interface ContributionFormValues {
  period: string;
  /** null: not given yet (required at submit). */
  percentComplete: number | null;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: ActualRow[];
}

/** The form's values for a contribution (or an empty one for `period`): one actual row per indicator. */
export function contributionFormValues(
  indicators: readonly Pick<IndicatorView, 'id'>[],
  contribution: Pick<
    ContributionView,
    'percentComplete' | 'summary' | 'problems' | 'nextSteps' | 'indicatorActuals'
  > | null,
  period: string,
): ContributionFormValues {
  const actuals = new Map((contribution?.indicatorActuals ?? []).map((a) => [a.indicatorId, a.value]));
  return {
    period,
    percentComplete: contribution ? contribution.percentComplete : 0,
    summary: contribution?.summary ?? '',
    problems: contribution?.problems ?? '',
    nextSteps: contribution?.nextSteps ?? '',
    indicatorActuals: indicators.map((i) => ({ indicatorId: i.id, value: actuals.get(i.id) ?? null })),
  };
}

function body(values: ContributionFormValues): { body: Record<string, unknown>; actualRows: number[] } {
  const actualRows: number[] = [];
  const indicatorActuals = values.indicatorActuals.flatMap((row, index) => {
    if (row.value === null || Number.isNaN(row.value)) {
      return [];
    }
    actualRows.push(index);
    return [{ indicatorId: row.indicatorId, value: row.value }];
  });
  return {
    body: {
      percentComplete: percentOrNull(values.percentComplete),
      summary: values.summary,
      problems: values.problems,
      nextSteps: values.nextSteps,
      indicatorActuals,
    },
    actualRows,
  };
}

function actualErrors(
  values: ContributionFormValues,
  indicators: readonly Pick<IndicatorView, 'id' | 'unit'>[],
): FieldError[] {
  return checkIndicatorActuals(values.indicatorActuals, indicators);
}

export function parseNewContribution(
  values: ContributionFormValues,
  indicators: readonly Pick<IndicatorView, 'id' | 'unit'>[],
): ParseResult<CreateContributionInput> {
  const sent = body(values);
  const parsed = parseInput(createContributionSchema, { period: values.period, ...sent.body });
  const errors = [
    ...(parsed.ok ? [] : toFormErrors(parsed.errors, sent.actualRows)),
    ...actualErrors(values, indicators),
  ];
  return errors.length ? { ok: false, errors } : parsed;
}

export function parseContributionChanges(
  values: ContributionFormValues,
  original: ContributionFormValues,
  indicators: readonly Pick<IndicatorView, 'id' | 'unit'>[],
): ParseResult<UpdateContributionInput> | null {
  const now = body(values);
  const changes = changedFields(now.body, body(original).body);
  if (Object.keys(changes).length === 0) {
    return null;
  }
  const parsed = parseInput(updateContributionSchema, changes);
  const errors = [
    ...(parsed.ok ? [] : toFormErrors(parsed.errors, now.actualRows)),
    ...actualErrors(values, indicators),
  ];
  return errors.length ? { ok: false, errors } : parsed;
}
