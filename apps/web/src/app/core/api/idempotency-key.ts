/**
 * A random UUID (v4). `crypto.randomUUID` exists only in secure contexts, and the app may be served
 * over plain http on an internal network; `getRandomValues` works everywhere.
 */
export function randomUuid(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The `Idempotency-Key` of a form's create request. The same body gets the same key, so a double
 * click or a retry after a lost answer creates one record; a changed body gets a new key (the api
 * refuses a reused key with another body).
 */
export class IdempotencyKeys {
  private last: { body: string; key: string } | null = null;

  constructor(private readonly newKey: () => string = () => randomUuid()) {}

  keyFor(body: unknown): string {
    const serialized = JSON.stringify(body);
    if (this.last?.body !== serialized) {
      this.last = { body: serialized, key: this.newKey() };
    }
    return this.last.key;
  }

  /** After a success: the next submission is a new record. */
  reset(): void {
    this.last = null;
  }
}

export function idempotencyHeader(key: string): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': key };
}
