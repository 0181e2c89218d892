import type { Params } from '@angular/router';
import { addDays } from '../../core/reference/business-calendar';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The latest date a historical view may be asked for: yesterday (the api refuses future dates). */
export function latestAsOf(today: string): string {
  return addDays(today, -1);
}

/**
 * The `asOf` date of the address bar, when it is a real past date; anything else means the live view
 * (the api would answer 400, and a stale bookmark should still open the dashboard).
 */
export function asOfFromParams(params: Params, today: string): string | null {
  const value: unknown = params['asOf'];
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return null;
  }
  return value <= latestAsOf(today) ? value : null;
}
