import type { FieldError, FieldErrorCode } from '@zibo/domain';
import type en from '../../../../public/i18n/en.json';
import type zhCN from '../../../../public/i18n/zh-CN.json';

/** A translation key with its parameters. */
export interface MessageKey {
  key: string;
  params?: Record<string, string | number>;
}

type KeysOf<Section extends 'validation' | 'security'> = `${Section}.${keyof (typeof en)[Section] &
  keyof (typeof zhCN)[Section] &
  string}`;
/** A key of the error messages that exists in both languages: a missing translation does not compile. */
export type ErrorMessageKey = KeysOf<'validation'> | KeysOf<'security'>;

interface ErrorMessage extends MessageKey {
  key: ErrorMessageKey;
}

const key = (k: ErrorMessageKey, params?: Record<string, string | number>): ErrorMessage =>
  params ? { key: k, params } : { key: k };

/** The last segment of a field path: `milestones.0.doneDate` → `doneDate`. */
const leaf = (error: FieldError) => error.field.slice(error.field.lastIndexOf('.') + 1);

const INDICATOR_VALUE_KEYS: Record<string, ErrorMessageKey> = {
  not_a_number: 'validation.number',
  too_large: 'validation.tooLarge',
  rate_floor: 'validation.rateFloor',
  negative: 'validation.negative',
  whole_number: 'validation.wholeNumber',
  rank_start: 'validation.rankStart',
  decimals: 'validation.decimals',
};

/**
 * The message of every field error code, from the code and its `params` (never from the English
 * `message`). `null`: the server's own sentence is shown as sent (codes a user cannot cause through
 * the forms). A code added to the domain's `FieldErrorCode` fails to compile here until it is given
 * a message, and a key fails to compile until both zh-CN and en have it.
 */
const CODE_MESSAGES: Record<FieldErrorCode, (error: FieldError) => ErrorMessage | null> = {
  invalid_type: (e) => (e.params?.expected === 'number' ? key('validation.number') : key('validation.invalid')),
  too_small: (e) => {
    const min = e.params?.minimum ?? 0;
    if (e.params?.origin === 'string')
      return min <= 1 ? key('validation.required') : key('validation.minLength', { min });
    if (e.params?.origin === 'number') return key('validation.min', { min });
    return min <= 1 ? key('validation.required') : null;
  },
  too_big: (e) => {
    const max = e.params?.maximum ?? 0;
    if (e.params?.origin === 'string') return key('validation.maxLength', { max });
    if (e.params?.origin === 'number') return key('validation.max', { max });
    return key('validation.tooMany');
  },
  invalid_format: (e) => {
    if (e.params?.format === 'date') return key('validation.date');
    if (leaf(e) === 'code' || leaf(e) === 'username') return key('validation.codeFormat');
    // Chosen from a list in the forms: a malformed value means none was chosen.
    if (leaf(e) === 'workItemCode' || leaf(e) === 'period') return key('validation.required');
    return key('validation.invalid');
  },
  invalid_value: (e) => {
    const reason = e.params?.reason;
    return reason && INDICATOR_VALUE_KEYS[reason] ? key(INDICATOR_VALUE_KEYS[reason]) : key('validation.invalid');
  },
  not_multiple_of: () => key('validation.invalid'),
  invalid_union: () => key('validation.invalid'),
  invalid_key: () => key('validation.invalid'),
  invalid_element: () => key('validation.invalid'),
  custom: () => null,
  unknown_field: () => null,
  invalid_characters: () => key('validation.invalidCharacters'),
  date_range: () => key('validation.dateRange'),
  malformed: () => null,
  unreadable: () => null,
  required: () => key('validation.required'),
  required_for_role: () => key('validation.departmentRequired'),
  invalid: () => key('validation.invalid'),
  unknown: () => key('validation.unknown'),
  inactive: () => key('validation.inactiveDepartment'),
  duplicate: () => key('validation.listedTwice'),
  taken: () => key('validation.taken'),
  exists: () => key('validation.periodExists'),
  too_many: () => key('validation.tooMany'),
  reused: () => null,
  before_start: () => key('validation.beforeStart'),
  after_due: () => key('validation.afterDue'),
  future: (e) => (leaf(e) === 'period' ? key('validation.periodFuture') : key('validation.doneFuture')),
  cycle: () => key('validation.periodCycle'),
  incomplete: () => key('validation.incomplete'),
  includes_lead: () => key('validation.includesLead'),
  co_owner: () => key('validation.includesLead'),
  direction: () => key('validation.direction'),
  not_complete: () => key('validation.finalNeeds100'),
  no_final_report: () => key('validation.noFinalReport'),
  no_close_request: () => key('validation.noCloseRequest'),
  plan_field: () => key('validation.planField'),
  no_change: () => key('validation.noPlanChange'),
  common_password: () => key('security.commonPassword'),
  contains_username: () => key('security.containsUsername'),
  same_as_current: () => key('security.sameAsCurrent'),
  wrong_password: () => key('security.wrongCurrent'),
  invalid_code: () => key('security.wrongCode'),
  self: () => key('security.selfReset'),
  not_committee: () => key('validation.notCommittee'),
  in_past: () => key('validation.inPast'),
  not_url: () => key('validation.webhookUrl'),
  not_https: () => key('validation.webhookHttps'),
  host_not_allowed: () => key('validation.webhookHost'),
  credentials_in_url: () => key('validation.webhookUrl'),
  too_long: () => key('validation.invalid'),
  not_signed_kind: () => key('validation.webhookSecret'),
  not_visible: () => key('validation.notVisible'),
  too_large: () => key('validation.fileTooLarge'),
  no_sheet: () => key('validation.noSheet'),
  empty: () => key('validation.emptySheet'),
  missing_column: (e) => key('validation.missingColumn', { column: e.field }),
  too_many_rows: () => key('validation.tooManyRows'),
  formula: (e) => key('validation.formula', { cell: e.field }),
};

/**
 * The translation for a field error, or null when only the server's own message fits
 * (then the message is shown as sent). A code this build does not know (a newer api) is shown as sent.
 */
export function fieldErrorMessageKey(error: FieldError): MessageKey | null {
  const message = Object.prototype.hasOwnProperty.call(CODE_MESSAGES, error.code)
    ? CODE_MESSAGES[error.code]
    : undefined;
  return message ? message(error) : null;
}
