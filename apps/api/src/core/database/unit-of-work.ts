import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

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

  /**
   * A read that must see one state of the database across its statements (a file that names the
   * chain head it was computed at): REPEATABLE READ, READ ONLY, opened by one statement
   * (`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`) where TypeORM's transaction takes three
   * (START TRANSACTION, SET TRANSACTION ISOLATION LEVEL, SET TRANSACTION READ ONLY). A `run` or
   * `read` inside joins it (and a write inside fails: read only). Inside a `run`, it joins that one.
   */
  async snapshot<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.ambient.getStore();
    if (outer) return work(outer);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      markTransactionOpen(runner);
      try {
        const result = await this.ambient.run(runner.manager, () => work(runner.manager));
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

/**
 * Tells TypeORM's query runner that a transaction is open (one it did not start itself), so that
 * its commit and rollback end it and a nested `manager.transaction` takes a savepoint instead of
 * a second BEGIN. These are the two fields its own `startTransaction` sets (PostgresQueryRunner).
 */
function markTransactionOpen(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}
