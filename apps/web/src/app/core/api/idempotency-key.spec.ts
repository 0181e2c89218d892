import { IdempotencyKeys, randomUuid } from './idempotency-key';

describe('Idempotency keys', () => {
  it('are version 4 UUIDs', () => {
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuid()).not.toBe(randomUuid());
  });

  it('stay the same for a double click or a retry of the same form', () => {
    const keys = new IdempotencyKeys();

    expect(keys.keyFor({ title: 'A' })).toBe(keys.keyFor({ title: 'A' }));
  });

  it('change when the form was edited in between, or after a success', () => {
    const keys = new IdempotencyKeys();
    const first = keys.keyFor({ title: 'A' });

    expect(keys.keyFor({ title: 'B' })).not.toBe(first);
    const second = keys.keyFor({ title: 'B' });
    keys.reset();
    expect(keys.keyFor({ title: 'B' })).not.toBe(second);
  });
});
