/**
 * At most `limit` runs of a piece of work at a time; the others wait in arrival order. For a heavy
 * read whose working set is large (the committee's dashboard holds every visible task while it
 * counts): fifty at once hold fifty working sets and keep the heap at several hundred megabytes,
 * a few at a time answer as fast on two cores and keep it bounded.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer: ${limit}`);
  }

  /** Runs in flight now (for tests and diagnostics). */
  get active(): number {
    return this.running;
  }

  /** Runs waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (running stays the same), or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
