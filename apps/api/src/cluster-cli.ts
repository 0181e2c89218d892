import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { startCluster } from './cluster/cluster';
import { ConfigError, loadConfig } from './core/config/app-config';

const USAGE = 'usage: npm run cluster -- [--api 3] [--port 3000] [--nginx /usr/sbin/nginx]';

const argsSchema = z.strictObject({
  api: z.coerce.number().int().min(1).max(32).default(3),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  nginx: z.string().min(1).default('/usr/sbin/nginx'),
});

function parseArgs(argv: string[]): z.output<typeof argsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    raw[name] = inline ?? argv[++i] ?? '';
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  return parsed.data;
}

const log = {
  log: (line: string) => process.stdout.write(`${line}\n`),
  warn: (line: string) => process.stderr.write(`WARNING: ${line}\n`),
};

/**
 * `npm run cluster -- --api 3`: PostgreSQL (embedded in DATA_DIR, or DATABASE_URL with
 * DATABASE_OWNER_URL), migrations once, N api processes and nginx as the load balancer on PORT
 * (HOST). Ctrl-C or SIGTERM stops it all: load balancer, apis (draining), database.
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
  if (!existsSync(args.nginx)) {
    process.stderr.write(
      `No nginx at ${args.nginx}: install Debian's (sudo apt-get install -y nginx-light) or pass --nginx <path>.\n`,
    );
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const cluster = await startCluster(config, {
    apis: args.api,
    host: config.host,
    port: args.port ?? config.port,
    nginxPath: args.nginx,
    apiMain: join(__dirname, 'main.js'),
    env: process.env,
    log,
  });
  let stopping: Promise<void> | null = null;
  const stop = (reason: string, code: number) => {
    if (stopping) return;
    log.log(`${reason}: stopping the cluster`);
    stopping = cluster.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        log.warn(`stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT received', 0));
  process.on('SIGTERM', () => stop('SIGTERM received', 0));
  void cluster.failed.then((reason) => stop(reason, 1));
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`Cluster start failed: ${message}\n`);
  process.exit(1);
});
