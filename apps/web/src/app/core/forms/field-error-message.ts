import type { FieldError } from '@zibo/domain';

/** A translation key with its parameters. */
export interface MessageKey {
  key: string;
  params?: Record<string, string | number>;
}

// The domain schemas speak English; these patterns give their messages a key in the UI's language.
const MESSAGE_PATTERNS: readonly [RegExp, (match: RegExpMatchArray) => MessageKey][] = [
  [/^Required$/, () => ({ key: 'validation.required' })],
  [/^At most (\d+) characters$/, (m) => ({ key: 'validation.maxLength', params: { max: Number(m[1]) } })],
  [/^At least (\d+) characters$/, (m) => ({ key: 'validation.minLength', params: { min: Number(m[1]) } })],
  [/^Lowercase letters, digits/, () => ({ key: 'validation.codeFormat' })],
  [/^Must be a UUID$/, () => ({ key: 'validation.invalid' })],
  [/^Must be a number$/, () => ({ key: 'validation.number' })],
  [/^Must be a whole number$/, () => ({ key: 'validation.wholeNumber' })],
  [/^Must be a date/, () => ({ key: 'validation.date' })],
  [/^At least (-?\d+)$/, (m) => ({ key: 'validation.min', params: { min: Number(m[1]) } })],
  [/^At most (-?\d+)$/, (m) => ({ key: 'validation.max', params: { max: Number(m[1]) } })],
  [/^Cannot be negative$/, () => ({ key: 'validation.negative' })],
  [/^A rate cannot fall below/, () => ({ key: 'validation.rateFloor' })],
  [/^A rank starts at 1$/, () => ({ key: 'validation.rankStart' })],
  [/^At most 4 decimal places$/, () => ({ key: 'validation.decimals' })],
  [/^At most \S+ in size$/, () => ({ key: 'validation.tooLarge' })],
  [/^Must be a work item code/, () => ({ key: 'validation.required' })],
  [/^Must be a period/, () => ({ key: 'validation.required' })],
  [/^Name at least one plan change$/, () => ({ key: 'validation.noPlanChange' })],
];

const CODE_KEYS: Record<string, string> = {
  required_for_role: 'validation.departmentRequired',
  duplicate: 'validation.taken',
  taken: 'validation.taken',
  unique: 'validation.taken',
  already_exists: 'validation.taken',
  conflict: 'validation.taken',
  inactive_department: 'validation.inactiveDepartment',
  inactive: 'validation.inactiveDepartment',
  required: 'validation.required',
  after_due: 'validation.afterDue',
  before_start: 'validation.beforeStart',
  includes_lead: 'validation.includesLead',
  co_owner: 'validation.includesLead',
  direction: 'validation.direction',
  not_complete: 'validation.finalNeeds100',
  no_final_report: 'validation.noFinalReport',
  plan_field: 'validation.planField',
  exists: 'validation.periodExists',
  future: 'validation.periodFuture',
  cycle: 'validation.periodCycle',
  no_change: 'validation.noPlanChange',
  invalid_characters: 'validation.invalidCharacters',
  date_range: 'validation.dateRange',
  common_password: 'security.commonPassword',
  contains_username: 'security.containsUsername',
  same_as_current: 'security.sameAsCurrent',
  wrong_password: 'security.wrongCurrent',
  invalid_code: 'security.wrongCode',
};

/**
 * The translation for a field error, or null when only the server's own message fits
 * (then the message is shown as sent).
 */
export function fieldErrorMessageKey(error: FieldError): MessageKey | null {
  const byCode = CODE_KEYS[error.code];
  if (byCode) {
    return { key: byCode };
  }
  for (const [pattern, toKey] of MESSAGE_PATTERNS) {
    const match = error.message.match(pattern);
    if (match) {
      return toKey(match);
    }
  }
  return null;
}
