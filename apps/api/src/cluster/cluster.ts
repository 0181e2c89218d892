import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AppConfig } from '../core/config/app-config';
import { API_HEAP_FLAGS } from '../core/config/heap-budget';
import { freePort } from '../core/database/embedded-database';
import { type Logger, type PreparedDatabase, prepareDatabase } from '../core/database/prepare-database';
import { NGINX_TEMP_DIRS, nginxConfig } from './nginx-config';

export interface ClusterOptions {
  apis: number;
  /** The load balancer's address: the cluster's one entry point. */
  host: string;
  port: number;
  nginxPath: string;
  /** The built api (dist/apps/api/main.js). */
  apiMain: string;
  /** The environment the api processes start from (the cluster adds the database and secrets). */
  env: NodeJS.ProcessEnv;
  log: Logger;
}

interface ApiProcess {
  index: number;
  port: number;
  child: ChildProcess;
}

export interface RunningCluster {
  url: string;
  runDir: string;
  stop(): Promise<void>;
  /** Resolves when something the cluster cannot do without (nginx) stopped on its own. */
  failed: Promise<string>;
}

const STOP_TIMEOUT_MS = 25_000;
const HEALTHY_TIMEOUT_MS = 90_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited(child);
  clearTimeout(timer);
}

async function waitHealthy(url: string, child: ChildProcess | null): Promise<void> {
  const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`${url}: exited while starting`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become healthy in ${HEALTHY_TIMEOUT_MS / 1000} s`);
}

/** Every output line of a child, prefixed with its name. */
function forward(child: ChildProcess, name: string, write: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => write(`[${name}] ${line}`));
  }
}

/** uid and gid of an account by name, from /etc/passwd and /etc/group. */
async function accountIds(user: string, groups: string[]): Promise<{ uid: number; gid: number; group: string } | null> {
  const passwd = (await readFile('/etc/passwd', 'utf8').catch(() => '')).split('\n').map((l) => l.split(':'));
  const entry = passwd.find((fields) => fields[0] === user);
  if (!entry) return null;
  const groupLines = (await readFile('/etc/group', 'utf8').catch(() => '')).split('\n').map((l) => l.split(':'));
  for (const name of groups) {
    const group = groupLines.find((fields) => fields[0] === name);
    if (group) return { uid: Number(entry[2]), gid: Number(group[2]), group: name };
  }
  return { uid: Number(entry[2]), gid: Number(entry[3]), group: user };
}

/**
 * The production shape on one machine (npm run cluster): PostgreSQL (the embedded one of
 * DATA_DIR, or DATABASE_URL), migrations run once here, N stateless api processes on their own
 * ports sharing the token secret and the checkpoint key and connecting as the runtime role only,
 * and nginx from the operating system as the load balancer in front. An api process that dies is
 * started again; stop() takes everything down in order (load balancer, apis, database).
 */
export async function startCluster(config: AppConfig, options: ClusterOptions): Promise<RunningCluster> {
  const { log } = options;
  const runDir = await mkdtemp(join(tmpdir(), 'zibo-cluster-'));
  let database: PreparedDatabase | null = null;
  const apis: ApiProcess[] = [];
  let nginx: ChildProcess | null = null;
  let stopping = false;
  let failedReason: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((resolve) => (failedReason = resolve));

  const stop = async () => {
    stopping = true;
    // Stop taking requests first; nginx's graceful stop lets the ones in flight finish.
    if (nginx) await stopChild(nginx, 'SIGQUIT');
    await Promise.all(apis.map((api) => stopChild(api.child, 'SIGTERM')));
    await database?.stop();
    await rm(runDir, { recursive: true, force: true });
  };

  try {
    database = await prepareDatabase(config, log);
    const jwtSecret = config.jwtSecret ?? database.generatedJwtSecret;
    const signingKey = config.auditSigningKey ?? database.generatedAuditSigningKey;
    if (!jwtSecret) throw new Error('JWT_SECRET is not set: the api processes must share one');
    if (!signingKey) throw new Error('AUDIT_SIGNING_KEY is not set: the api processes must share one');

    const apiEnv: NodeJS.ProcessEnv = {
      ...options.env,
      // The runtime role only: migrations already ran, and an api never needs the owner's password.
      DATABASE_URL: database.runtimeUrl,
      JWT_SECRET: jwtSecret,
      AUDIT_SIGNING_KEY: signingKey,
      DEMO_DATA: String(config.demoData),
      HOST: '127.0.0.1',
      // Behind nginx: the client's address is in X-Forwarded-For, which nginx sets (and a client cannot).
      TRUST_PROXY: 'true',
    };
    delete apiEnv['DATABASE_OWNER_URL'];
    const spawnApi = (index: number, port: number): ApiProcess => {
      const child = spawn(process.execPath, [...API_HEAP_FLAGS, options.apiMain], {
        env: { ...apiEnv, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const api = { index, port, child };
      forward(child, `api${index}`, (line) => log.log(line));
      child.once('exit', (code, signal) => {
        if (stopping) return;
        log.warn(`api${index} (pid ${child.pid}) exited (${signal ?? `code ${code}`}); starting it again in 1 s`);
        setTimeout(() => {
          if (stopping) return;
          const position = apis.indexOf(api);
          const next = spawnApi(index, port);
          if (position >= 0) apis[position] = next;
          log.log(`api${index}: pid ${next.child.pid}, http://127.0.0.1:${port}`);
        }, 1000).unref();
      });
      return api;
    };
    const ports = await Promise.all(Array.from({ length: options.apis }, () => freePort()));
    for (const [i, port] of ports.entries()) apis.push(spawnApi(i + 1, port));
    await Promise.all(apis.map((api) => waitHealthy(`http://127.0.0.1:${api.port}`, api.child)));

    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const worker = root ? await accountIds('nobody', ['nogroup', 'nobody']) : null;
    await mkdir(join(runDir, 'temp'));
    for (const dir of NGINX_TEMP_DIRS) await mkdir(join(runDir, 'temp', dir));
    if (worker) {
      // nginx's workers run as nobody: they must reach the folder and write their temporary files.
      await chmod(runDir, 0o711);
      await chown(join(runDir, 'temp'), worker.uid, worker.gid);
      for (const dir of NGINX_TEMP_DIRS) await chown(join(runDir, 'temp', dir), worker.uid, worker.gid);
    }
    const configFile = join(runDir, 'nginx.conf');
    await writeFile(
      configFile,
      nginxConfig({
        runDir,
        listen: { host: options.host, port: options.port },
        upstreams: ports.map((port) => ({ host: '127.0.0.1', port })),
        workerUser: worker ? { user: 'nobody', group: worker.group } : null,
        maxFails: 2,
        failTimeoutSeconds: 5,
      }),
    );
    nginx = spawn(options.nginxPath, ['-p', runDir, '-c', configFile, '-e', join(runDir, 'error.log')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    forward(nginx, 'nginx', (line) => log.log(line));
    const lb = nginx;
    lb.once('exit', (code, signal) => {
      if (!stopping) failedReason(`nginx exited (${signal ?? `code ${code}`}); see ${join(runDir, 'error.log')}`);
    });
    lb.once('error', (error) => failedReason(`nginx could not start (${options.nginxPath}): ${error.message}`));
    const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;
    await Promise.race([waitHealthy(url, lb), failed.then((reason) => Promise.reject(new Error(reason)))]);

    log.log(`cluster up: ${url} (nginx pid ${lb.pid}, config ${configFile})`);
    for (const api of apis) log.log(`api${api.index}: pid ${api.child.pid}, http://127.0.0.1:${api.port}`);
    return { url, runDir, stop, failed };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
