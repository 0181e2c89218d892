import type { FieldError } from '../common/problem';

/** Units an indicator may use, with how their values behave. */
export const INDICATOR_UNITS = {
  '%': { kind: 'rate', en: 'percent' },
  个: { kind: 'count', en: 'items' },
  家: { kind: 'count', en: 'companies' },
  人: { kind: 'count', en: 'people' },
  项: { kind: 'count', en: 'projects' },
  次: { kind: 'count', en: 'times' },
  亿元: { kind: 'amount', en: '100 million yuan' },
  万元: { kind: 'amount', en: '10 thousand yuan' },
  亩: { kind: 'amount', en: 'mu' },
  平方米: { kind: 'amount', en: 'square metres' },
  公里: { kind: 'amount', en: 'kilometres' },
  吨: { kind: 'amount', en: 'tonnes' },
  名次: { kind: 'rank', en: 'rank' },
} as const;
export type IndicatorUnit = keyof typeof INDICATOR_UNITS;
export const INDICATOR_UNIT_CODES = Object.keys(INDICATOR_UNITS) as IndicatorUnit[];

export const INDICATOR_DIRECTIONS = ['up', 'down'] as const;
/** `up`: higher is better (GDP growth); `down`: lower is better (a ranking, energy use). */
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

/** Largest magnitude accepted for any indicator value (guards typos like an extra ten zeros). */
export const INDICATOR_MAX_ABS = 1e9;

/** Which of its unit's rules an indicator value breaks (`params.reason` of an `invalid_value` error). */
export type IndicatorValueReason =
  'not_a_number' | 'too_large' | 'rate_floor' | 'negative' | 'whole_number' | 'rank_start' | 'decimals';

/** Why a value does not fit its unit, or null when it does. */
export function indicatorValueIssue(
  unit: IndicatorUnit,
  value: number,
): { reason: IndicatorValueReason; message: string } | null {
  if (!Number.isFinite(value)) return { reason: 'not_a_number', message: 'Must be a number' };
  if (Math.abs(value) > INDICATOR_MAX_ABS)
    return { reason: 'too_large', message: `At most ${INDICATOR_MAX_ABS} in size` };
  const kind = INDICATOR_UNITS[unit].kind;
  // Growth rates may be negative (and above 100 %), nothing else may.
  if (kind === 'rate')
    return value < -100 ? { reason: 'rate_floor', message: 'A rate cannot fall below −100 %' } : null;
  if (value < 0) return { reason: 'negative', message: 'Cannot be negative' };
  if ((kind === 'count' || kind === 'rank') && !Number.isInteger(value)) {
    return { reason: 'whole_number', message: 'Must be a whole number' };
  }
  if (kind === 'rank' && value < 1) return { reason: 'rank_start', message: 'A rank starts at 1' };
  if (Number(value.toFixed(4)) !== value) return { reason: 'decimals', message: 'At most 4 decimal places' };
  return null;
}

/** Why a value does not fit its unit (the English sentence), or null when it does. */
export function indicatorValueProblem(unit: IndicatorUnit, value: number): string | null {
  return indicatorValueIssue(unit, value)?.message ?? null;
}

/** The field error of a value that does not fit its unit, or null. */
function valueError(unit: IndicatorUnit, value: number, field: string): FieldError | null {
  const issue = indicatorValueIssue(unit, value);
  return issue ? { field, code: 'invalid_value', message: issue.message, params: { reason: issue.reason } } : null;
}

export interface IndicatorPlan {
  name: string;
  unit: IndicatorUnit;
  baseline: number;
  target: number;
  direction: IndicatorDirection;
}

/** Baseline and target fit the unit, and the target lies in the indicator's direction. */
export function checkIndicatorPlan(plan: IndicatorPlan, field: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['baseline', 'target'] as const) {
    const error = valueError(plan.unit, plan[key], `${field}.${key}`);
    if (error) errors.push(error);
  }
  if (!errors.length) {
    const better = plan.direction === 'up' ? plan.target > plan.baseline : plan.target < plan.baseline;
    if (!better) {
      errors.push({
        field: `${field}.target`,
        code: 'direction',
        message:
          plan.direction === 'up'
            ? 'For an indicator where higher is better, the target must exceed the baseline'
            : 'For an indicator where lower is better, the target must be below the baseline',
      });
    }
  }
  return errors;
}

/**
 * How far an actual value has come from baseline to target, in percent (100 = target reached;
 * may exceed 100 or be negative), whichever the direction.
 */
export function indicatorAttainment(plan: Pick<IndicatorPlan, 'baseline' | 'target'>, actual: number): number {
  const span = plan.target - plan.baseline;
  if (span === 0) return actual === plan.target ? 100 : 0;
  return Math.round((1000 * (actual - plan.baseline)) / span) / 10;
}

/**
 * Indicator actuals of a report or contribution: each names an indicator of the task, once, with a
 * value that fits its unit. A row without a value (`null`: not reported this period) is skipped;
 * errors name the row's index under `field`.
 */
export function checkIndicatorActuals(
  actuals: readonly { indicatorId: string; value: number | null }[],
  indicators: readonly { id: string; unit: IndicatorUnit }[],
  field = 'indicatorActuals',
): FieldError[] {
  const units = new Map(indicators.map((i) => [i.id, i.unit]));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  actuals.forEach((actual, index) => {
    if (actual.value === null) return;
    const unit = units.get(actual.indicatorId);
    if (unit === undefined) {
      errors.push({
        field: `${field}.${index}.indicatorId`,
        code: 'unknown',
        message: 'Not an indicator of this task',
      });
      return;
    }
    if (seen.has(actual.indicatorId)) {
      errors.push({ field: `${field}.${index}.indicatorId`, code: 'duplicate', message: 'Indicator listed twice' });
    }
    seen.add(actual.indicatorId);
    const error = valueError(unit, actual.value, `${field}.${index}.value`);
    if (error) errors.push(error);
  });
  return errors;
}

/** An indicator's plan with its id, and nothing else: what the audit log records and the task form edits. */
export function indicatorPlanOf(indicator: IndicatorPlan & { id: string }): IndicatorPlan & { id: string } {
  const { id, name, unit, baseline, target, direction } = indicator;
  return { id, name, unit, baseline, target, direction };
}
