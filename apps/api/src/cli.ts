import { createInterface } from 'node:readline/promises';
import { DataSource } from 'typeorm';
import { type Role, createUserSchema, parseInput } from '@zibo/domain';
import { AuditWriter } from './app/audit';
import { PasswordHasher, newPasswordErrors } from './app/credentials';
import { User, auditedUserFields } from './app/users';
import { loadConfig } from './core/config/app-config';
import { runtimeDataSourceOptions } from './core/database/data-source-options';
import { ENTITIES } from './app/entities';
import { prepareDatabase } from './core/database/prepare-database';
import { startEmbeddedDatabase } from './core/database/embedded-database';
import { seedDemoData, seedDemoWorkflow, DEMO_PASSWORD } from './app/demo';
import { TaskStatusRefresher } from './app/tasks';
import { Clock } from './core/clock';
import { Client } from 'pg';

const out = (line: string) => process.stdout.write(`${line}\n`);

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

// The three administrators of 三员分立: a new installation needs one of each, and nobody in the
// app can create them (accounts are created with department roles; roles are granted by a security administrator).
const ADMINISTRATOR_ROLES = ['admin', 'security_admin', 'auditor'] as const satisfies readonly Role[];
type AdministratorRole = (typeof ADMINISTRATOR_ROLES)[number];

/**
 * `npm run admin:create -- --username root --display-name 管理员 [--role admin|security_admin|auditor]`:
 * makes an administrator on a database without demo data. The password comes from ADMIN_PASSWORD or is asked for.
 */
async function createAdmin(): Promise<void> {
  const config = loadConfig();
  const role = (option('role') ?? 'admin') as AdministratorRole;
  if (!ADMINISTRATOR_ROLES.includes(role)) {
    out(`  role: one of ${ADMINISTRATOR_ROLES.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const username = option('username') ?? (await ask('Username: '));
  const displayName = option('display-name') ?? username;
  const password =
    process.env['ADMIN_PASSWORD'] ??
    (await ask('Password (12+ characters, not a common one, not containing the username): '));
  const parsed = parseInput(createUserSchema, { username, displayName, role, password });
  const errors = parsed.ok ? newPasswordErrors(parsed.value.password, parsed.value.username) : parsed.errors;
  if (!parsed.ok || errors.length) {
    for (const error of errors) out(`  ${error.field}: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  const database = await prepareDatabase(config, { log: out, warn: out });
  const dataSource = new DataSource(runtimeDataSourceOptions(database.runtimeUrl, ENTITIES));
  await dataSource.initialize();
  try {
    const hasher = new PasswordHasher();
    const passwordHash = await hasher.hash(parsed.value.password);
    await dataSource.transaction('READ COMMITTED', async (tx) => {
      if (await tx.getRepository(User).existsBy({ username: parsed.value.username })) {
        throw new Error(`User ${parsed.value.username} already exists`);
      }
      const user = await tx
        .getRepository(User)
        .save(tx.getRepository(User).create({ username: parsed.value.username, displayName, role, passwordHash }));
      await new AuditWriter().append(tx, {
        actor: null,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: { ...auditedUserFields(user), via: 'admin:create' },
      });
    });
    out(`Administrator ${parsed.value.username} (${role}) created.`);
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

/**
 * `npm run demo:reset`: throws the embedded database away and builds it anew with demo data.
 * Only for the embedded default (refuses an operator's DATABASE_URL); stop the api first.
 */
async function resetDemo(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl) {
    out('demo:reset only rebuilds the embedded database; DATABASE_URL is set, so nothing was done.');
    process.exitCode = 2;
    return;
  }
  const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedDbPort });
  try {
    const client = new Client({ connectionString: embedded.superuserUrl });
    await client.connect();
    await client.query('DROP DATABASE IF EXISTS zibo WITH (FORCE)');
    await client.end();
  } finally {
    await embedded.stop();
  }
  const database = await prepareDatabase(config, { log: out, warn: out });
  const dataSource = new DataSource(runtimeDataSourceOptions(database.runtimeUrl, ENTITIES));
  await dataSource.initialize();
  try {
    await seedDemoData(dataSource, new PasswordHasher());
    await seedDemoWorkflow(dataSource, {
      now: new Date(),
      timeZone: config.businessTimeZone,
      reportDueDay: config.reportDueDay,
      refresher: new TaskStatusRefresher(new Clock(), config),
    });
    out(
      `Demo database rebuilt in ${config.dataDir}: accounts admin, committee, auditor, head.<dept>, staff.<dept>, password ${DEMO_PASSWORD}.`,
    );
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

/**
 * `node cli.js migrate`: runs pending migrations as the schema owner (DATABASE_OWNER_URL) and grants
 * the runtime role, then exits: the one-shot job before api replicas start (docker-compose.yml), so
 * the replicas themselves need only the runtime role.
 */
async function migrateOnly(): Promise<void> {
  const config = loadConfig();
  const database = await prepareDatabase(config, { log: out, warn: out });
  await database.stop();
  out('Migrations are up to date.');
}

const commands: Record<string, () => Promise<void>> = {
  'admin:create': createAdmin,
  'demo:reset': resetDemo,
  migrate: migrateOnly,
};
const command = commands[process.argv[2] ?? ''];
if (!command) {
  out(`Usage: node dist/apps/api/cli.js <${Object.keys(commands).join('|')}> [options]`);
  process.exit(2);
}
command().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
