/** A calendar date in the business time zone (Asia/Shanghai), `days` from today: YYYY-MM-DD. */
export function businessDate(days = 0, now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(shifted);
}
