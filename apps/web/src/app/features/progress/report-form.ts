import {
  checkFinalReport,
  checkPercentChange,
  createReportSchema,
  type CreateReportInput,
  type FieldError,
  type IndicatorView,
  latestCountedReport,
  checkIndicatorActuals,
  parseInput,
  type ParseResult,
  type ReportView,
  updateReportSchema,
  type UpdateReportInput,
} from '@zibo/domain';
import { changedFields } from '../../core/forms/changed-fields';

export interface ActualRow {
  indicatorId: string;
  /** null: not reported this period. */
  value: number | null;
}

/** The report form as the form holds it: one actual row per indicator of the task, in its order. */
export interface ReportFormValues {
  period: string;
  /** null: not given yet (a draft may be saved without it; submitting asks for it). */
  percentComplete: number | null;
  summary: string;
  problems: string;
  nextSteps: string;
  indicatorActuals: ActualRow[];
  final: boolean;
  percentDecreaseReason: string;
}

type ReportContent = Pick<
  ReportView,
  | 'period'
  | 'percentComplete'
  | 'summary'
  | 'problems'
  | 'nextSteps'
  | 'indicatorActuals'
  | 'final'
  | 'percentDecreaseReason'
>;

/** Starting values: the report being edited, or an empty report that starts at the percent that counts now. */
export function reportFormValues(
  indicators: readonly Pick<IndicatorView, 'id'>[],
  report: ReportContent | null,
  defaults: { period: string; percentComplete: number | null },
): ReportFormValues {
  const actuals = new Map((report?.indicatorActuals ?? []).map((a) => [a.indicatorId, a.value]));
  return {
    period: report?.period ?? defaults.period,
    percentComplete: report ? report.percentComplete : defaults.percentComplete,
    summary: report?.summary ?? '',
    problems: report?.problems ?? '',
    nextSteps: report?.nextSteps ?? '',
    indicatorActuals: indicators.map((i) => ({ indicatorId: i.id, value: actuals.get(i.id) ?? null })),
    final: report?.final ?? false,
    percentDecreaseReason: report?.percentDecreaseReason ?? '',
  };
}

/**
 * The percent that counts for the task leaving out one report (the one being edited): the latest
 * submitted or approved report's, as the api checks a fall against it; null before any.
 */
export function previousPercent(
  reports: readonly Pick<ReportView, 'id' | 'period' | 'status' | 'percentComplete' | 'submittedAt'>[],
  exceptId: string | null,
): number | null {
  const counted = latestCountedReport(
    reports
      .filter((r) => r.id !== exceptId)
      .map((r) => ({ ...r, submittedAt: r.submittedAt ? new Date(r.submittedAt) : null })),
  );
  return counted ? counted.percentComplete : null;
}

/** Whether the percent falls below the one that counts, so a reason is needed (no percent yet: no fall). */
export function percentFalls(previous: number | null, percent: number | null): boolean {
  return previous !== null && percent !== null && percent < previous;
}

/** An emptied number box gives null (or NaN while typed half): no percent. */
export function percentOrNull(value: number | null): number | null {
  return value === null || Number.isNaN(value) ? null : value;
}

interface Sendable {
  body: Record<string, unknown>;
  /** For each actual sent, the form row it came from (api errors name the sent index). */
  actualRows: number[];
}

function content(values: ReportFormValues, previous: number | null): Sendable {
  const actualRows: number[] = [];
  const indicatorActuals = values.indicatorActuals.flatMap((row, index) => {
    if (row.value === null || Number.isNaN(row.value)) {
      return [];
    }
    actualRows.push(index);
    return [{ indicatorId: row.indicatorId, value: row.value }];
  });
  const body: Record<string, unknown> = {
    percentComplete: percentOrNull(values.percentComplete),
    summary: values.summary,
    problems: values.problems,
    nextSteps: values.nextSteps,
    indicatorActuals,
    final: values.final,
  };
  // The reason only travels with a fall; a stale one from an earlier value is not sent.
  body['percentDecreaseReason'] = percentFalls(previous, values.percentComplete) ? values.percentDecreaseReason : '';
  return { body, actualRows };
}

/** Renames `indicatorActuals.<sent index>.x` to the form row's index, so errors land on the right field. */
export function toFormErrors(errors: readonly FieldError[], actualRows: readonly number[]): FieldError[] {
  return errors.map((error) => {
    const match = /^indicatorActuals\.(\d+)\.(.+)$/.exec(error.field);
    const row = match ? actualRows[Number(match[1])] : undefined;
    return match && row !== undefined ? { ...error, field: `indicatorActuals.${row}.value` } : error;
  });
}

/** The rules the api checks across fields, run before sending so the user sees them at once. */
function crossFieldErrors(
  values: ReportFormValues,
  indicators: readonly Pick<IndicatorView, 'id' | 'unit'>[],
  previous: number | null,
): FieldError[] {
  return [
    ...checkFinalReport(values.final, percentOrNull(values.percentComplete)),
    ...checkPercentChange(previous, percentOrNull(values.percentComplete), values.percentDecreaseReason),
    ...checkIndicatorActuals(values.indicatorActuals, indicators),
  ];
}

export interface Parsed<T> {
  result: ParseResult<T>;
  actualRows: number[];
}

/** A new report, validated as the api will validate it. */
export function parseNewReport(
  values: ReportFormValues,
  indicators: readonly Pick<IndicatorView, 'id' | 'unit'>[],
  previous: number | null,
): Parsed<CreateReportInput> {
  const { body, actualRows } = content(values, previous);
  const parsed = parseInput(createReportSchema, { period: values.period, ...body });
  const errors = [
    ...(parsed.ok ? [] : toFormErrors(parsed.errors, actualRows)),
    ...crossFieldErrors(values, indicators, previous),
  ];
  return { result: errors.length ? { ok: false, errors } : parsed, actualRows };
}

/** The PATCH of a draft: only what changed since it was loaded; null when nothing did. */
export function parseReportChanges(
  values: ReportFormValues,
  original: ReportFormValues,
  indicators: readonly Pick<IndicatorView, 'id' | 'unit'>[],
  previous: number | null,
): Parsed<UpdateReportInput> | null {
  const now = content(values, previous);
  const before = content(original, previous);
  const changes = changedFields(now.body, before.body);
  if (Object.keys(changes).length === 0) {
    return null;
  }
  const parsed = parseInput(updateReportSchema, changes);
  const errors = [
    ...(parsed.ok ? [] : toFormErrors(parsed.errors, now.actualRows)),
    ...crossFieldErrors(values, indicators, previous),
  ];
  return { result: errors.length ? { ok: false, errors } : parsed, actualRows: now.actualRows };
}
