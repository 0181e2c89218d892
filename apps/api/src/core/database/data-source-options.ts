import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { ENTITIES } from './entities';

/** How the api (and its command-line tools and tests) connect as the runtime role. */
export function runtimeDataSourceOptions(url: string): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    // Extensions are the schema owner's business (migrations); the runtime role may not create them.
    installExtensions: false,
    extra: { max: 20, application_name: 'zibo-api' },
  };
}
