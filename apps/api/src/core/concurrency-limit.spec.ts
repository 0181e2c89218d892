import { ConcurrencyLimit } from './concurrency-limit';

/** A piece of work the test finishes by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` at a time and starts the waiting ones in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const works = [0, 1, 2, 3, 4].map(() => deferred<number>());
    const started: number[] = [];
    const results = works.map((w, i) =>
      limit.run(() => {
        started.push(i);
        return w.promise;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.queued]).toEqual([2, 3]);

    works[1]?.resolve(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    works[0]?.resolve(0);
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    expect([limit.active, limit.queued]).toEqual([2, 1]);

    works[2]?.resolve(2);
    works[3]?.resolve(3);
    await settle();
    works[4]?.resolve(4);
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect([limit.active, limit.queued]).toEqual([0, 0]);
  });

  it('frees the slot of a run that fails, and passes the failure to its caller', async () => {
    const limit = new ConcurrencyLimit(1);
    const failing = limit.run(() => Promise.reject(new Error('boom')));
    const next = limit.run(() => Promise.resolve('after'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
    expect(limit.active).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
