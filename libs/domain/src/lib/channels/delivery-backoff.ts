/** Attempts of one webhook message before it is recorded as failed for good. */
export const DELIVERY_MAX_ATTEMPTS = 8;

const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;

/**
 * How long after its `attempt`-th failed attempt (1-based) a message is tried again: 30 s, doubling,
 * at most an hour (30 s, 1, 2, 4, 8, 16, 32 min, then 1 h); null once the attempts are used up.
 */
export function deliveryRetryDelayMs(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt >= DELIVERY_MAX_ATTEMPTS) return null;
  return Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_WAIT_MS);
}

export type DeliveryOutcome =
  | { kind: 'sent' }
  /** The receiver is busy, down or rate-limiting: worth trying again. */
  | { kind: 'retry'; error: string }
  /** The receiver refused this message for good (a bad key, a refused address): not tried again. */
  | { kind: 'permanent'; error: string };

// 企业微信 45009 and 钉钉 130101/410100: sending too fast; anything else with a non-zero errcode is final.
const RATE_LIMIT_CODES = new Set([45009, 130101, 410100]);

/**
 * What a robot's answer means. Both services answer HTTP 200 with `{"errcode":0,"errmsg":"ok"}` when
 * they took the message; a 5xx, a 429 or a rate-limit errcode is retried, another 4xx or errcode is not.
 */
export function deliveryOutcome(status: number, body: string): DeliveryOutcome {
  if (status === 429 || status >= 500) return { kind: 'retry', error: `HTTP ${status}` };
  if (status < 200 || status >= 300) return { kind: 'permanent', error: `HTTP ${status}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'sent' };
  }
  const code = typeof parsed === 'object' && parsed !== null ? (parsed as { errcode?: unknown }).errcode : undefined;
  if (code === undefined || code === 0) return { kind: 'sent' };
  const message = String((parsed as { errmsg?: unknown }).errmsg ?? '').slice(0, 200);
  const error = `errcode ${String(code)}${message ? `: ${message}` : ''}`;
  return typeof code === 'number' && RATE_LIMIT_CODES.has(code)
    ? { kind: 'retry', error }
    : { kind: 'permanent', error };
}
