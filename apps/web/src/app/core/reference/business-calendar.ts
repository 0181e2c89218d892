import { DEFAULT_BUSINESS_TZ } from '@zibo/domain';

/**
 * The api's business calendar settings (rules.md defaults). The api can be configured otherwise
 * (BUSINESS_TZ, REPORT_DUE_DAY) but does not publish them yet; the UI only uses them for hints
 * (which periods to offer, deadlines of periods without a report) and the api stays the judge.
 */
export const BUSINESS_CALENDAR = {
  timeZone: DEFAULT_BUSINESS_TZ,
  reportDueDay: 5,
} as const;
