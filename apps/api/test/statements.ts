import { randomUUID } from 'node:crypto';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { currentRequestContext } from '../src/core/request-context/request-context';
import type { ApiInstance } from './test-app';

/**
 * One GET through the api with the SQL statements it sent (told apart by its request id from
 * anything else running), for tests that hold a read to its statement count.
 */
export async function getWithStatements<T = unknown>(
  api: ApiInstance,
  path: string,
  token: string,
): Promise<{ status: number; body: T; statements: number; sent: string[] }> {
  const requestId = randomUUID();
  const sent: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
    this: PostgresQueryRunner,
    ...args: Parameters<PostgresQueryRunner['query']>
  ) {
    if (currentRequestContext()?.requestId === requestId) sent.push(args[0]);
    return original.apply(this, args);
  });
  try {
    const result = await api.request<T>('GET', path, { token, headers: { 'x-request-id': requestId } });
    return { status: result.status, body: result.body, statements: sent.length, sent };
  } finally {
    spy.mockRestore();
  }
}
