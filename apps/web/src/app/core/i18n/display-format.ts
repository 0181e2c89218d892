import { deadlineDayOf, type Language } from '@zibo/domain';

/** The business time zone of docs/rules.md: times are shown as the committee's office clock reads them. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant as `YYYY-MM-DD HH:mm` in business time, the same in both languages. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A reporting period as people say it: 2021年3月 / Mar 2021, 2021年第1季度 / Q1 2021. */
export function periodLabel(period: string, language: Language): string {
  const monthly = /^(\d{4})-(\d{2})$/.exec(period);
  if (monthly) {
    const [, year, month] = monthly;
    return language === 'en' ? `${MONTHS_EN[Number(month) - 1]} ${year}` : `${year}年${Number(month)}月`;
  }
  const quarterly = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarterly) {
    const [, year, quarter] = quarterly;
    return language === 'en' ? `Q${quarter} ${year}` : `${year}年第${quarter}季度`;
  }
  return period;
}

/**
 * A reporting deadline as people say it: the last day to report on, "12月5日 24:00前" / "by 24:00,
 * 5 Dec" — the rule and the ledger name the due day, not the 00:00 instant after it. The year is
 * named only when it is not the current one.
 */
export function deadlineLabel(
  iso: string | null | undefined,
  language: Language,
  timeZone: string = DISPLAY_TIME_ZONE,
  now: Date = new Date(),
): string {
  if (!iso) {
    return '—';
  }
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) {
    return iso;
  }
  const [year, month, day] = deadlineDayOf(instant, timeZone).split('-').map(Number);
  const thisYear = Number(deadlineDayOf(now, timeZone).slice(0, 4));
  if (language === 'en') {
    return `by 24:00, ${day} ${MONTHS_EN[month - 1]}${year === thisYear ? '' : ` ${year}`}`;
  }
  return `${year === thisYear ? '' : `${year}年`}${month}月${day}日 24:00前`;
}

/** A file size people can read: 830 B, 12.4 KB, 3.2 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KB`;
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
