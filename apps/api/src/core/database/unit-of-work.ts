import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * One transaction per use case: the change and its audit event commit together or not at all.
 * READ COMMITTED on purpose: the audit writer reads the chain head after taking its lock and must
 * see the events committed while it waited.
 *
 * A `run` inside another `run` joins the outer transaction, so a wrapper (idempotency) and the use
 * case it wraps commit as one.
 */
@Injectable()
export class UnitOfWork {
  private readonly ambient = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.ambient.getStore();
    if (outer) return work(outer);
    // READ COMMITTED is every connection's default (runtimeDataSourceOptions): no SET TRANSACTION.
    return this.dataSource.transaction((tx) => this.ambient.run(tx, () => work(tx)));
  }

  /**
   * A read: its statements on one connection without BEGIN/COMMIT (under READ COMMITTED a
   * transaction gives a read no more consistency: each statement sees its own snapshot anyway),
   * so a read costs its queries and no more round trips. Inside a `run`, it joins that transaction.
   * Work that writes (the daily status refresh) opens its own `run` from inside.
   */
  async read<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.ambient.getStore();
    if (outer) return work(outer);
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
