import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
// Every database user comes through here, so the column parsers are set before the first query.
import './pg-types';

/**
 * A stopped database refuses at once; a connection attempt to a host that does not answer (or a
 * wait for a free pool slot) gives up after this long, so requests answer 503 instead of hanging.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * How the api (and its command-line tools and tests) connect as the runtime role. The entities come
 * from the app (app/entities.ts): core knows no feature.
 */
export function runtimeDataSourceOptions(
  url: string,
  entities: NonNullable<PostgresDataSourceOptions['entities']>,
): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    synchronize: false,
    migrationsRun: false,
    // Extensions are the schema owner's business (migrations); the runtime role may not create them.
    installExtensions: false,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    // TCP keep-alive notices a database host that vanished without closing the connection.
    // READ COMMITTED as the session's default (the unit of work relies on it): a transaction then
    // starts with one BEGIN instead of BEGIN plus SET TRANSACTION ISOLATION LEVEL.
    extra: {
      max: 20,
      application_name: 'zibo-api',
      keepAlive: true,
      options: '-c default_transaction_isolation=read\\ committed',
    },
  };
}
