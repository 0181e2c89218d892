import { DELIVERY_MAX_ATTEMPTS, deliveryOutcome, deliveryRetryDelayMs } from './delivery-backoff';

describe('Webhook delivery back-off', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [4, 240_000],
    [5, 480_000],
    [6, 960_000],
    [7, 1_920_000],
  ])('after failed attempt %i waits %i ms', (attempt, delay) => {
    expect(deliveryRetryDelayMs(attempt)).toBe(delay);
  });

  it(`gives up after ${DELIVERY_MAX_ATTEMPTS} attempts`, () => {
    expect(deliveryRetryDelayMs(DELIVERY_MAX_ATTEMPTS)).toBeNull();
    expect(deliveryRetryDelayMs(0)).toBeNull();
    expect(deliveryRetryDelayMs(1.5)).toBeNull();
  });

  it('never waits more than an hour', () => {
    for (let attempt = 1; attempt < DELIVERY_MAX_ATTEMPTS; attempt++) {
      expect(deliveryRetryDelayMs(attempt)).toBeLessThanOrEqual(3_600_000);
    }
  });
});

describe("What a robot's answer means", () => {
  it.each([
    [200, '{"errcode":0,"errmsg":"ok"}', 'sent'],
    [200, 'ok', 'sent'],
    [204, '', 'sent'],
    [500, '', 'retry'],
    [503, 'busy', 'retry'],
    [429, '', 'retry'],
    [200, '{"errcode":45009,"errmsg":"api freq out of limit"}', 'retry'],
    [200, '{"errcode":130101,"errmsg":"send too fast"}', 'retry'],
    [200, '{"errcode":93000,"errmsg":"invalid webhook url"}', 'permanent'],
    [200, '{"errcode":310000,"errmsg":"sign not match"}', 'permanent'],
    [404, '', 'permanent'],
    [302, '', 'permanent'],
  ])('HTTP %i %s → %s', (status, body, kind) => {
    expect(deliveryOutcome(status, body).kind).toBe(kind);
  });

  it('names the errcode and errmsg in the recorded error', () => {
    expect(deliveryOutcome(200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({
      kind: 'permanent',
      error: 'errcode 310000: sign not match',
    });
  });
});
