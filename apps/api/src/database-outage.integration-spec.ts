import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { APP_ROLE, freePort, OWNER_ROLE } from './core/database/embedded-database';
import { type ServerProcess, serverIsBuilt, signIn, startServer, stopServer } from '../test/server-process';

type Operation = 'sign-in' | 'task list' | 'department list' | 'write';

interface Outcome {
  operation: Operation;
  startedAt: number;
  endedAt: number;
  /** HTTP status, or 0 when no answer came (refused, reset, timed out). */
  status: number;
  retryAfter: string | null;
  contentType: string | null;
  type?: string;
  /** Code of the department a write created (acknowledged with 201 and an id). */
  created?: { id: string; code: string };
}

/** Reads and writes at a steady pace from a few concurrent clients, until stopped. */
class Load {
  readonly outcomes: Outcome[] = [];
  private running = true;
  private written = 0;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    private readonly tokens: { admin: string; head: string },
    private readonly runId: string,
  ) {}

  start(clients: number): void {
    const operations: Operation[] = ['task list', 'write', 'department list', 'sign-in'];
    this.loops = Array.from({ length: clients }, async (_, client) => {
      for (let turn = client; this.running; turn++) {
        await this.send(operations[turn % operations.length]);
        await sleep(25);
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private request(operation: Operation): { path: string; init: RequestInit; code?: string } {
    const json = { 'content-type': 'application/json' };
    switch (operation) {
      case 'sign-in':
        return {
          path: '/api/auth/login',
          init: {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ username: 'staff.econ', password: 'Demo@2021' }),
          },
        };
      case 'task list':
        return { path: '/api/tasks', init: { headers: { authorization: `Bearer ${this.tokens.head}` } } };
      case 'department list':
        return { path: '/api/departments', init: { headers: { authorization: `Bearer ${this.tokens.admin}` } } };
      case 'write': {
        const code = `outage-${this.runId}-${++this.written}`;
        return {
          path: '/api/departments',
          code,
          init: {
            method: 'POST',
            headers: { ...json, authorization: `Bearer ${this.tokens.admin}` },
            body: JSON.stringify({ code, name: `停库测试局 ${this.written}` }),
          },
        };
      }
    }
  }

  private async send(operation: Operation): Promise<void> {
    const { path, init, code } = this.request(operation);
    const startedAt = Date.now();
    let outcome: Outcome;
    try {
      // Far above the pool's connect timeout: a request that hangs this long is a failure.
      const response = await fetch(`${this.url}${path}`, { ...init, signal: AbortSignal.timeout(20_000) });
      const body = (await response.json().catch(() => ({}))) as { type?: string; id?: string };
      outcome = {
        operation,
        startedAt,
        endedAt: Date.now(),
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        contentType: response.headers.get('content-type'),
        type: body.type,
        ...(response.status === 201 && code && body.id ? { created: { id: body.id, code } } : {}),
      };
    } catch {
      outcome = { operation, startedAt, endedAt: Date.now(), status: 0, retryAfter: null, contentType: null };
    }
    this.outcomes.push(outcome);
  }
}

/** Resolves when PostgreSQL on `port` accepts a connection (polled every 100 ms). */
async function acceptsConnections(url: string, withinMs: number): Promise<number> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await sleep(100)) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return Date.now();
    } catch {
      // not yet
    }
  }
  throw new Error('PostgreSQL did not come back');
}

async function health(url: string): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(`${url}/api/health`);
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

const tally = (outcomes: Outcome[]) =>
  outcomes.reduce<Record<string, number>>((counts, o) => {
    const key = `${o.operation} ${o.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});

const describeBuilt = serverIsBuilt() ? describe : describe.skip;

describeBuilt('The api while its PostgreSQL stops and starts again under load', () => {
  let dataDir: string;
  let database: ServerProcess | undefined;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zibo-outage-'));
  });
  afterAll(async () => {
    await stopServer(server);
    await stopServer(database);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down (never 401 or 500), and 200 again without a restart', async () => {
    // The PostgreSQL of the api under test is the embedded one of a second api process (a real
    // cluster in a child process, roles and schema made by the product's own start-up); stopping
    // that process stops PostgreSQL (fast shutdown), starting it again brings it back on the same port.
    const port = await freePort();
    const shared = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      LOGIN_RATE_PER_MINUTE: '100000',
      // The database holds the demo accounts: they sign in without the second factor only with demo data on.
      DEMO_DATA: 'true',
    };
    const databaseEnv = {
      ...shared,
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(port),
      REMINDER_INTERVAL_MINUTES: '0',
    };
    database = await startServer(databaseEnv);
    const passwords = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as {
      ownerPassword: string;
      appPassword: string;
    };
    const urlOf = (role: string, password: string) => `postgres://${role}:${password}@127.0.0.1:${port}/zibo`;
    server = await startServer({
      ...shared,
      DATABASE_URL: urlOf(APP_ROLE, passwords.appPassword),
      DATABASE_OWNER_URL: urlOf(OWNER_ROLE, passwords.ownerPassword),
      // The background jobs' first run comes 3 s after start: during the outage below.
      REMINDER_INTERVAL_MINUTES: '60',
    });
    const api = server;
    const tokens = { admin: await signIn(api.url, 'admin'), head: await signIn(api.url, 'head.econ') };
    const load = new Load(api.url, tokens, Date.now().toString(36));
    load.start(4);
    await sleep(800);

    const stopping = Date.now();
    expect(await stopServer(database)).toBe(0);
    const stopped = Date.now();
    const downHealth = await health(api.url);
    // Down for at least 4 s, and until the background jobs have run into the outage (and survived it).
    const jobFailed = () => /status refresh failed|status snapshots failed|reminder run failed/.test(api.output());
    while (Date.now() - stopped < 4_000 || (!jobFailed() && Date.now() - stopped < 20_000)) await sleep(100);
    const restarting = Date.now();
    const databaseBack = startServer(databaseEnv);
    const restarted = await acceptsConnections(urlOf(APP_ROLE, passwords.appPassword), 60_000);

    // Recovery: the first task list answered 200 after PostgreSQL is back, without touching the api.
    let recoveredAt: number | undefined;
    while (recoveredAt === undefined && Date.now() - restarted < 15_000) {
      const response = await fetch(`${api.url}/api/tasks`, { headers: { authorization: `Bearer ${tokens.head}` } });
      await response.arrayBuffer();
      if (response.status === 200) recoveredAt = Date.now();
      else await sleep(100);
    }
    database = await databaseBack;
    await sleep(1_000);
    await load.stop();
    const outcomes = load.outcomes;
    const down = outcomes.filter((o) => o.startedAt >= stopped && o.endedAt <= restarting);
    const before = outcomes.filter((o) => o.endedAt < stopping);
    const after = outcomes.filter((o) => o.startedAt > (recoveredAt ?? Infinity));
    const counts = { before: tally(before), down: tally(down), after: tally(after) };

    // Every answer, in every phase (stopping and starting included), is a success or a 503.
    expect(outcomes.filter((o) => ![200, 201, 503].includes(o.status))).toEqual([]);
    for (const unavailable of outcomes.filter((o) => o.status === 503)) {
      expect(unavailable).toMatchObject({
        contentType: expect.stringContaining('application/problem+json'),
        type: 'urn:zibo:problem:unavailable',
        retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      });
    }
    // While it is down: only 503s, for sign-in, reads and writes alike.
    expect(down.length).toBeGreaterThan(20);
    expect(down.filter((o) => o.status !== 503)).toEqual([]);
    for (const operation of ['sign-in', 'task list', 'department list', 'write'] as const) {
      expect({ operation, before: before.some((o) => o.operation === operation && o.status < 300) }).toEqual({
        operation,
        before: true,
      });
      expect({ operation, down: down.some((o) => o.operation === operation) }).toEqual({ operation, down: true });
      expect({ operation, after: after.some((o) => o.operation === operation && o.status < 300) }).toEqual({
        operation,
        after: true,
      });
    }
    expect(downHealth).toEqual({ status: 503, retryAfter: expect.stringMatching(/^[1-9]\d*$/) });

    // Back within a few seconds, by itself: the same process, the tokens issued before still good.
    expect(recoveredAt).toBeDefined();
    expect((recoveredAt ?? Infinity) - restarted).toBeLessThan(5_000);
    expect(api.process.exitCode).toBeNull();
    expect(await health(api.url)).toEqual({ status: 200, retryAfter: null });
    // The background jobs met the outage, logged it and carried on.
    expect(jobFailed()).toBe(true);
    expect(api.output()).not.toMatch(/unhandled|uncaught/i);

    // Every acknowledged write is there.
    const acknowledged = outcomes.flatMap((o) => (o.created ? [o.created] : []));
    const stored = (await (
      await fetch(`${api.url}/api/departments`, { headers: { authorization: `Bearer ${tokens.admin}` } })
    ).json()) as { id: string; code: string }[];
    const missing = acknowledged.filter((write) => !stored.some((d) => d.id === write.id && d.code === write.code));
    expect({ acknowledged: acknowledged.length > 0, missing }).toEqual({ acknowledged: true, missing: [] });

    process.stdout.write(
      `database outage: ${outcomes.length} requests (${down.length} while down), ${acknowledged.length} writes ` +
        `acknowledged, 0 lost; stop ${stopped - stopping} ms, down ${restarting - stopped} ms, PostgreSQL start ` +
        `${restarted - restarting} ms, api answering 200 ${(recoveredAt ?? 0) - restarted} ms later\n` +
        `${JSON.stringify(counts)}\n`,
    );
  }, 120_000);
});
