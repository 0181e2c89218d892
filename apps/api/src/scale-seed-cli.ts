import { Client } from 'pg';
import { z } from 'zod';
import { PasswordHasher } from './app/credentials';
import { DEMO_PASSWORD } from './app/demo';
import { ConfigError, loadConfig } from './core/config/app-config';
import { startEmbeddedDatabase } from './core/database/embedded-database';
import { prepareDatabase } from './core/database/prepare-database';
import { seedScale } from './scale-seed/scale-seeder';

const out = (line: string) => process.stdout.write(`${line}\n`);

const USAGE =
  'usage: npm run seed:scale -- [--departments 60] [--tasks 5000] [--reports 200000] [--events 2000000] ' +
  '[--seed 2021] [--reset] [--verify]';

const count = (min: number, fallback: number) => z.coerce.number().int().min(min).max(50_000_000).default(fallback);
const argsSchema = z.strictObject({
  departments: count(2, 60).refine((n) => n <= 5000, 'At most 5000'),
  tasks: count(1, 5000),
  reports: count(0, 200_000),
  events: count(0, 2_000_000),
  seed: count(0, 2021),
  reset: z.boolean().default(false),
  verify: z.boolean().default(false),
});

function parseArgs(argv: string[]): z.output<typeof argsSchema> {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (name === 'reset' || name === 'verify') raw[name] = true;
    else raw[name] = inline ?? argv[++i] ?? '';
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  return parsed.data;
}

/**
 * `npm run seed:scale -- --departments 60 --tasks 5000 --reports 200000 --events 2000000`: fills an
 * empty database (the embedded one of DATA_DIR, or DATABASE_URL with DATABASE_OWNER_URL) with a
 * city's worth of history, a valid audit chain and its signed checkpoints (scale-seed/).
 * Accounts are the demo ones (password Demo@2021) plus a head and staff per extra department.
 */
async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  if (args.reset) {
    if (config.databaseUrl) {
      process.stderr.write('--reset only rebuilds the embedded database; with DATABASE_URL, give an empty database.\n');
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
    out(`embedded database in ${config.dataDir} dropped`);
  }
  const database = await prepareDatabase(config, { log: out, warn: out });
  try {
    const signingKeyPem = config.auditSigningKey ?? database.generatedAuditSigningKey;
    if (!signingKeyPem) throw new Error('AUDIT_SIGNING_KEY is not set: give the key the api signs checkpoints with');
    const result = await seedScale(
      {
        ownerUrl: database.ownerUrl,
        signingKeyPem,
        passwordHash: await new PasswordHasher().hash(DEMO_PASSWORD),
        config,
      },
      args,
      out,
    );
    const total = result.seconds['total'] ?? 0;
    const allRows = Object.values(result.rows).reduce((sum, n) => sum + n, 0);
    out('');
    out(
      `Seeded in ${total} s: ${allRows} rows (${Math.round(allRows / Math.max(total, 0.1))} rows/s), ` +
        `${result.events} audit events (${Math.round(result.events / Math.max(result.seconds['history'] ?? 1, 0.1))}/s during the history), ` +
        `${result.checkpoints} signed checkpoints, ${Math.round(result.historyMonths)} months of history`,
    );
    for (const [table, n] of Object.entries(result.rows).sort()) out(`  ${table.padEnd(24)} ${String(n).padStart(10)}`);
    out(
      `  phases (s): ${Object.entries(result.seconds)
        .map(([phase, s]) => `${phase} ${s}`)
        .join(', ')}`,
    );
    if (result.verified)
      out(`  audit chain verified: ${result.verified.ok ? 'ok' : 'BROKEN'}, ${result.verified.checked} events`);
    for (const warning of result.warnings) out(`  note: ${warning}`);
    out(`Sign in as committee, auditor, head.<dept> or staff.<dept> (password ${DEMO_PASSWORD}).`);
    if (result.verified && !result.verified.ok) process.exitCode = 1;
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
