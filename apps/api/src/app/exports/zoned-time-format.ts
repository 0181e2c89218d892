import { DateTime } from 'luxon';

const QUARTER_HOUR = 15 * 60_000;

/**
 * Formats instants in one time zone, fast enough for a million rows: the zone's UTC offset is
 * looked up (luxon, i.e. Intl) once per quarter hour of UTC time and cached, since offsets change
 * only at quarter-hour boundaries. Exports are in seq order, so nearly every row hits the cache.
 */
export class ZonedTimeFormat {
  private bucket = Number.NaN;
  private offsetMinutes = 0;

  constructor(readonly timeZone: string) {}

  /** ISO 8601 with the zone's offset: 2026-11-27T15:04:05.123+08:00 (the input when not a time). */
  iso(at: string): string {
    const local = this.localIso(at);
    if (local === null) return at;
    const sign = this.offsetMinutes < 0 ? '-' : '+';
    const minutes = Math.abs(this.offsetMinutes);
    const offset = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return `${local}${offset}`;
  }

  /** `yyyy-MM-dd HH:mm:ss` in the zone, for tables; null when `at` is not a time. */
  dateTime(at: string): string | null {
    const local = this.localIso(at);
    return local === null ? null : `${local.slice(0, 10)} ${local.slice(11, 19)}`;
  }

  /** `yyyy-MM-ddTHH:mm:ss.SSS` in the zone (no offset), null for an invalid or out-of-range time. */
  private localIso(at: string): string | null {
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) return null;
    const bucket = Math.floor(ms / QUARTER_HOUR);
    if (bucket !== this.bucket) {
      const zoned = DateTime.fromMillis(bucket * QUARTER_HOUR, { zone: this.timeZone });
      if (!zoned.isValid) return null;
      this.bucket = bucket;
      this.offsetMinutes = zoned.offset;
    }
    const local = new Date(ms + this.offsetMinutes * 60_000);
    if (Number.isNaN(local.getTime()) || local.getUTCFullYear() < 0 || local.getUTCFullYear() > 9999) return null;
    return local.toISOString().slice(0, 23);
  }
}
