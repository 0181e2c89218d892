import { DateTime } from 'luxon';

const QUARTER_HOUR = 15 * 60_000;
// The rest of an instant as toISOString writes it, after its minute: `:05.123Z`.
const SECONDS_OF_ISO_UTC = /^:[0-5]\d\.\d{3}Z$/;

/**
 * Formats instants in one time zone, fast enough for a million rows: the zone's UTC offset is
 * looked up (luxon, i.e. Intl) once per quarter hour of UTC time and cached, since offsets change
 * only at quarter-hour boundaries. Exports are in seq order, so nearly every row hits the cache.
 */
export class ZonedTimeFormat {
  private bucket = Number.NaN;
  private offsetMinutes = 0;
  // The last minute formatted (`2026-11-27T07:04` in UTC) and its local time: the next instant of
  // the same minute only appends its seconds (offsets are whole minutes), a third of the cost.
  private utcMinute = '';
  private localMinute = '';

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
    if (at.length === 24 && this.utcMinute !== '' && at.startsWith(this.utcMinute)) {
      const seconds = at.slice(16);
      if (SECONDS_OF_ISO_UTC.test(seconds)) return this.localMinute + seconds.slice(0, 7);
    }
    // The offset may change below: the minute is kept again only for this instant.
    this.utcMinute = '';
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
    const iso = local.toISOString().slice(0, 23);
    // (Old local mean times were offsets of minutes and seconds: those are never cached.)
    const exact = Number.isInteger(this.offsetMinutes) && at.length === 24 && SECONDS_OF_ISO_UTC.test(at.slice(16));
    if (exact && new Date(ms).toISOString() === at) {
      this.utcMinute = at.slice(0, 16);
      this.localMinute = iso.slice(0, 16);
    }
    return iso;
  }
}
