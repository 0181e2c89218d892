import { DestroyRef, Injectable, type Provider, inject } from '@angular/core';
import { DateAdapter, MAT_DATE_FORMATS, MAT_DATE_LOCALE, type MatDateFormats } from '@angular/material/core';
import { MatDatepickerIntl } from '@angular/material/datepicker';
import { TranslocoService } from '@jsverse/transloco';
import { DEFAULT_LANGUAGE } from '@zibo/domain';
import { BusinessCalendar } from '../reference/business-calendar';

/**
 * A calendar date as the api and the forms hold it: `YYYY-MM-DD`, no time and no time zone. Computing
 * on plain dates (never on a `Date` at local midnight) means a browser in New York picks the same day
 * an office in Zibo sees: no off-by-one when the device's time zone is not the business one.
 */
export type CalendarDate = string;

/** What an unreadable text parses to: not a date, so the datepicker reports `matDatepickerParse`. */
const INVALID = 'invalid-date';
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Builds a calendar date; null when the day does not exist (2026-02-30). */
export function calendarDate(year: number, month: number, day: number): CalendarDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(2000, month - 1, day));
  probe.setUTCFullYear(year);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function parts(date: CalendarDate): [number, number, number] {
  const match = ISO.exec(date);
  if (!match) throw new Error(`not a calendar date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The date at UTC midnight: only for Intl names and weekday arithmetic, where UTC keeps the day. */
function utc(date: CalendarDate): Date {
  const [year, month, day] = parts(date);
  const value = new Date(Date.UTC(2000, month - 1, day));
  value.setUTCFullYear(year);
  return value;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const isChinese = (locale: string) => locale.toLowerCase().startsWith('zh');

/**
 * A date as typed in the field, in the way people write it in that language. Chinese: 2026-12-05,
 * 2026/12/5, 2026.12.05, 2026年12月5日. English: 5 Dec 2026, Dec 5, 2026, 2026-12-05, and the
 * American 12/5/2026. Returns null for empty text and `invalid-date` for text that is not a date.
 */
export function parseCalendarDate(text: string, locale: string): CalendarDate | null {
  const value = text.trim();
  if (value === '') return null;
  const yearFirst = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value);
  if (yearFirst) return calendarDate(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])) ?? INVALID;
  if (!isChinese(locale)) {
    const american = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    if (american) return calendarDate(Number(american[3]), Number(american[1]), Number(american[2])) ?? INVALID;
    const month = (name: string) => MONTHS_EN.findIndex((m) => name.toLowerCase().startsWith(m.toLowerCase())) + 1;
    const dayFirst = /^(\d{1,2})\s+([A-Za-z]{3,})\.?,?\s+(\d{4})$/.exec(value);
    if (dayFirst && month(dayFirst[2]) > 0) {
      return calendarDate(Number(dayFirst[3]), month(dayFirst[2]), Number(dayFirst[1])) ?? INVALID;
    }
    const monthFirst = /^([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(value);
    if (monthFirst && month(monthFirst[1]) > 0) {
      return calendarDate(Number(monthFirst[3]), month(monthFirst[1]), Number(monthFirst[2])) ?? INVALID;
    }
  }
  return INVALID;
}

/** A date shown in a date field: 2026-12-05 in Chinese (as on every list), 5 Dec 2026 in English. */
export function formatCalendarDate(date: CalendarDate, locale: string): string {
  const [year, month, day] = parts(date);
  return isChinese(locale) ? date : `${day} ${MONTHS_EN[month - 1]} ${year}`;
}

/**
 * Material's date adapter over calendar dates (`YYYY-MM-DD` strings, the forms' own values), with the
 * UI language as its locale and the business calendar's "today". Month and weekday names come from
 * Intl in the active language; the week starts on Monday, as Chinese calendars print it.
 */
@Injectable()
export class BusinessDateAdapter extends DateAdapter<CalendarDate, string> {
  private readonly calendar = inject(BusinessCalendar);

  constructor() {
    super();
    const transloco = inject(TranslocoService);
    super.setLocale(transloco.getActiveLang() || DEFAULT_LANGUAGE);
    const subscription = transloco.langChanges$.subscribe((language) => {
      if (language !== this.locale) this.setLocale(language);
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  getYear(date: CalendarDate): number {
    return parts(date)[0];
  }
  getMonth(date: CalendarDate): number {
    return parts(date)[1] - 1;
  }
  getDate(date: CalendarDate): number {
    return parts(date)[2];
  }
  getDayOfWeek(date: CalendarDate): number {
    return utc(date).getUTCDay();
  }

  getMonthNames(style: 'long' | 'short' | 'narrow'): string[] {
    const format = new Intl.DateTimeFormat(this.locale, { month: style, timeZone: 'UTC' });
    return Array.from({ length: 12 }, (_, month) => format.format(Date.UTC(2017, month, 1)));
  }
  getDateNames(): string[] {
    // Plain numbers in both languages (Intl gives "1日" in Chinese, too heavy in a calendar grid).
    return Array.from({ length: 31 }, (_, day) => String(day + 1));
  }
  getDayOfWeekNames(style: 'long' | 'short' | 'narrow'): string[] {
    const format = new Intl.DateTimeFormat(this.locale, { weekday: style, timeZone: 'UTC' });
    // 2017-01-01 was a Sunday: index 0 is Sunday, as Material expects.
    return Array.from({ length: 7 }, (_, day) => format.format(Date.UTC(2017, 0, 1 + day)));
  }
  getYearName(date: CalendarDate): string {
    const year = this.getYear(date);
    return isChinese(this.locale) ? `${year}年` : String(year);
  }
  getFirstDayOfWeek(): number {
    return 1;
  }
  getNumDaysInMonth(date: CalendarDate): number {
    const [year, month] = parts(date);
    for (let day = 31; day > 28; day--) if (calendarDate(year, month, day)) return day;
    return 28;
  }

  clone(date: CalendarDate): CalendarDate {
    return date;
  }
  createDate(year: number, month: number, date: number): CalendarDate {
    const created = calendarDate(year, month + 1, date);
    if (!created) throw Error(`Invalid date "${date}" for month ${month} of ${year}.`);
    return created;
  }
  /** Today on the business calendar (Asia/Shanghai), not on this device's clock and zone. */
  today(): CalendarDate {
    return this.calendar.today();
  }

  parse(value: unknown): CalendarDate | null {
    if (value == null || value === '') return null;
    if (typeof value === 'string') return parseCalendarDate(value, this.locale);
    return this.invalid();
  }
  format(date: CalendarDate, displayFormat: unknown): string {
    if (!this.isValid(date)) throw Error('BusinessDateAdapter: Cannot format invalid date.');
    const [year, month] = parts(date);
    if (displayFormat === 'monthYear')
      return isChinese(this.locale) ? `${year}年${month}月` : `${MONTHS_EN[month - 1]} ${year}`;
    if (displayFormat === 'monthYearLabel' || displayFormat === 'monthYearA11y') {
      return this.getMonthNames('long')[month - 1] + ' ' + this.getYearName(date);
    }
    if (displayFormat === 'dateA11y') {
      return new Intl.DateTimeFormat(this.locale, { dateStyle: 'full', timeZone: 'UTC' }).format(utc(date));
    }
    return formatCalendarDate(date, this.locale);
  }

  addCalendarYears(date: CalendarDate, years: number): CalendarDate {
    return this.addCalendarMonths(date, years * 12);
  }
  addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
    const [year, month, day] = parts(date);
    const index = year * 12 + (month - 1) + months;
    const targetYear = Math.floor(index / 12);
    const targetMonth = (index % 12) + 1;
    // Clamped to the month's last day, as Material's own adapters do (1-31 + 1 month → 2-28).
    const first = `${pad(targetYear, 4)}-${pad(targetMonth)}-01`;
    return calendarDate(targetYear, targetMonth, Math.min(day, this.getNumDaysInMonth(first))) ?? first;
  }
  addCalendarDays(date: CalendarDate, days: number): CalendarDate {
    return new Date(utc(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
  }
  toIso8601(date: CalendarDate): string {
    return date;
  }
  override deserialize(value: unknown): CalendarDate | null {
    // The forms hold '' for "no date yet": an empty field, not an unreadable one.
    if (value === '') return null;
    if (typeof value === 'string' && ISO.test(value) && this.isValid(value)) return value;
    return super.deserialize(value);
  }
  isDateInstance(value: unknown): boolean {
    return typeof value === 'string';
  }
  isValid(date: CalendarDate): boolean {
    const match = ISO.exec(date);
    return !!match && calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) === date;
  }
  invalid(): CalendarDate {
    return INVALID;
  }
}

/** The datepicker's own labels (toggle, calendar header buttons) in the UI language. */
@Injectable()
export class TranslatedDatepickerIntl extends MatDatepickerIntl {
  private readonly transloco = inject(TranslocoService);

  constructor() {
    super();
    const subscription = this.transloco.langChanges$.subscribe(() => {
      const t = (key: string) => this.transloco.translate(`datepicker.${key}`);
      this.calendarLabel = t('calendar');
      this.openCalendarLabel = t('open');
      this.closeCalendarLabel = t('close');
      this.prevMonthLabel = t('prevMonth');
      this.nextMonthLabel = t('nextMonth');
      this.prevYearLabel = t('prevYear');
      this.nextYearLabel = t('nextYear');
      this.prevMultiYearLabel = t('prevYears');
      this.nextMultiYearLabel = t('nextYears');
      this.switchToMonthViewLabel = t('chooseDate');
      this.switchToMultiYearViewLabel = t('chooseMonthYear');
      this.changes.next();
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  override formatYearRangeLabel(start: string, end: string): string {
    return this.transloco.translate('datepicker.yearRange', { start, end });
  }
}

/** The format keys BusinessDateAdapter.format understands. */
export const BUSINESS_DATE_FORMATS: MatDateFormats = {
  parse: { dateInput: 'date' },
  display: {
    dateInput: 'date',
    monthLabel: 'monthYear',
    monthYearLabel: 'monthYearLabel',
    dateA11yLabel: 'dateA11y',
    monthYearA11yLabel: 'monthYearA11y',
  },
};

/**
 * Date fields (`matDatepicker`): calendar dates in the UI language, switching with it. Provided by the
 * components that have date fields (dialogs included, which do not see a route's providers), so the
 * sign-in page and the main bundle do not carry Material's date machinery.
 */
export const BUSINESS_DATES: Provider[] = [
  { provide: DateAdapter, useClass: BusinessDateAdapter },
  { provide: MAT_DATE_FORMATS, useValue: BUSINESS_DATE_FORMATS },
  { provide: MAT_DATE_LOCALE, useValue: DEFAULT_LANGUAGE },
  { provide: MatDatepickerIntl, useClass: TranslatedDatepickerIntl },
];
