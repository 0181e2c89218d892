import { createInterface } from 'node:readline/promises';
import { DataSource } from 'typeorm';
import { createUserSchema, parseInput } from '@zibo/domain';
import { AuditWriter } from './app/audit/audit-writer.service';
import { PasswordHasher } from './app/auth/password-hasher.service';
import { User } from './app/users/user.entity';
import { auditedUserFields } from './app/users/user.view';
import { loadConfig } from './core/config/app-config';
import { ENTITIES } from './core/database/entities';
import { prepareDatabase } from './core/database/prepare-database';

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

/**
 * `npm run admin:create -- --username root --display-name 管理员`: makes an administrator on a
 * database without demo data. The password comes from ADMIN_PASSWORD or is asked for.
 */
async function createAdmin(): Promise<void> {
  const config = loadConfig();
  const username = option('username') ?? (await ask('Username: '));
  const displayName = option('display-name') ?? username;
  const password = process.env['ADMIN_PASSWORD'] ?? (await ask('Password (8+ characters, letters and digits): '));
  const parsed = parseInput(createUserSchema, { username, displayName, role: 'admin', password });
  if (!parsed.ok) {
    for (const error of parsed.errors) out(`  ${error.field}: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  const database = await prepareDatabase(config, { log: out, warn: out });
  const dataSource = new DataSource({ type: 'postgres', url: database.runtimeUrl, entities: ENTITIES });
  await dataSource.initialize();
  try {
    const hasher = new PasswordHasher();
    const passwordHash = await hasher.hash(parsed.value.password);
    await dataSource.transaction('READ COMMITTED', async (tx) => {
      if (await tx.getRepository(User).existsBy({ username: parsed.value.username })) {
        throw new Error(`User ${parsed.value.username} already exists`);
      }
      const user = await tx.getRepository(User).save(
        tx.getRepository(User).create({ username: parsed.value.username, displayName, role: 'admin', passwordHash }),
      );
      await new AuditWriter().append(tx, {
        actor: null,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: { ...auditedUserFields(user), via: 'admin:create' },
      });
    });
    out(`Administrator ${parsed.value.username} created.`);
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

const commands: Record<string, () => Promise<void>> = { 'admin:create': createAdmin };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  out(`Usage: node dist/apps/api/cli.js <${Object.keys(commands).join('|')}> [options]`);
  process.exit(2);
}
command().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
