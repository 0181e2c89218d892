import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APPEND_ONLY_TABLES, MIGRATIONS } from '../../migrations';
import { provisionDatabase, startEmbeddedDatabase } from './embedded-database';

export interface PreparedDatabase {
  /** Connection string of the runtime role the api works with. */
  runtimeUrl: string;
  /** Connection string of the schema owner (migrations; bulk loads such as `npm run seed:scale`). */
  ownerUrl: string;
  /** True when the runtime role cannot alter or rewrite the audit log. */
  appendOnlyEnforced: boolean;
  embedded: boolean;
  /** Generated secret for tokens when the operator gave none (embedded default). */
  generatedJwtSecret?: string;
  /** Generated checkpoint signing key (embedded default), kept in DATA_DIR/audit-signing-key.pem. */
  generatedAuditSigningKey?: string;
  stop(): Promise<void>;
}

export interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

// Fixed key for the session-level lock that serialises migrations across api processes.
const MIGRATION_LOCK_KEY = 720_210_001;

/** Runs pending migrations as the schema owner, then grants the runtime role what it needs. */
export async function migrate(ownerUrl: string, runtimeRole: string | undefined, logger: Logger): Promise<void> {
  const lockClient = new Client({ connectionString: ownerUrl });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const owner = new DataSource({
      type: 'postgres',
      url: ownerUrl,
      migrations: MIGRATIONS,
      migrationsTransactionMode: 'each',
      logging: false,
    });
    await owner.initialize();
    try {
      const applied = await owner.runMigrations();
      for (const migration of applied) logger.log(`migration applied: ${migration.name}`);
      if (runtimeRole) await grantRuntimeRole(owner, runtimeRole);
    } finally {
      await owner.destroy();
    }
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}

async function grantRuntimeRole(owner: DataSource, role: string): Promise<void> {
  const quoted = `"${role.replace(/"/g, '""')}"`;
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${quoted}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${quoted}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${quoted}`);
  // The audit log: insert and read, never rewrite.
  for (const table of APPEND_ONLY_TABLES) {
    await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${quoted}`);
  }
  await owner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${quoted}`);
}

/** Whether the connected role is barred from rewriting the audit log (not its owner, no UPDATE/DELETE). */
export async function checkAppendOnly(dataSource: DataSource): Promise<boolean> {
  const rows: { can_rewrite: boolean }[] = await dataSource.query(
    `SELECT bool_or(has_table_privilege(current_user, c.oid, 'UPDATE')
                 OR has_table_privilege(current_user, c.oid, 'DELETE')
                 OR has_table_privilege(current_user, c.oid, 'TRUNCATE')
                 OR pg_has_role(current_user, c.relowner, 'USAGE')) AS can_rewrite
       FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'r'`,
    [APPEND_ONLY_TABLES],
  );
  return rows[0]?.can_rewrite === false;
}

function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Gets the database ready before the api starts: the operator's PostgreSQL (DATABASE_URL, with
 * DATABASE_OWNER_URL for migrations) or an embedded one under DATA_DIR with both roles created.
 */
export async function prepareDatabase(config: AppConfig, logger: Logger): Promise<PreparedDatabase> {
  if (config.databaseUrl) {
    const ownerUrl = config.databaseOwnerUrl ?? config.databaseUrl;
    const separateRoles = roleOf(ownerUrl) !== roleOf(config.databaseUrl);
    await migrate(ownerUrl, separateRoles ? roleOf(config.databaseUrl) : undefined, logger);
    return {
      runtimeUrl: config.databaseUrl,
      ownerUrl,
      appendOnlyEnforced: separateRoles,
      embedded: false,
      stop: async () => undefined,
    };
  }

  const started = Date.now();
  const embedded = await startEmbeddedDatabase({
    dataDir: config.dataDir,
    port: config.embeddedDbPort,
    log: (line) => {
      if (/FATAL|PANIC|ERROR/.test(line)) logger.warn(line);
    },
    warn: (line) => logger.warn(line),
  });
  try {
    const { ownerUrl, appUrl } = await provisionDatabase(embedded.superuserUrl, 'zibo', {
      owner: embedded.secrets.ownerPassword,
      app: embedded.secrets.appPassword,
    });
    await migrate(ownerUrl, roleOf(appUrl), logger);
    logger.log(
      `embedded PostgreSQL ready on 127.0.0.1:${embedded.port} in ${Date.now() - started} ms (${config.dataDir})`,
    );
    return {
      runtimeUrl: appUrl,
      ownerUrl,
      appendOnlyEnforced: true,
      embedded: true,
      generatedJwtSecret: embedded.secrets.jwtSecret,
      generatedAuditSigningKey: embedded.secrets.auditSigningKey,
      stop: () => embedded.stop(),
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
