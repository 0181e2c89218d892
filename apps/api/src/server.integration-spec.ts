import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './core/database/embedded-database';

// The built server, as `npm start` runs it (the test runner builds before integration tests).
const MAIN = resolve(__dirname, '../../../dist/apps/api/main.js');

interface Server {
  process: ChildProcess;
  url: string;
  output: () => string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { process: child, url, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy:\n${output}`);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null) return resolveExit(child.exitCode);
    child.once('exit', (code) => resolveExit(code));
  });
}

async function login(url: string, username: string, password = 'Demo@2021'): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

const describeBuilt = existsSync(MAIN) ? describe : describe.skip;
const WEB_INDEX = resolve(__dirname, '../../../dist/apps/web/browser/index.html');
const itWithWebBuild = existsSync(WEB_INDEX) ? it : it.skip;

describeBuilt('The server process (npm start) with its embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zibo-server-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('starts with demo data, stops gracefully on SIGTERM, and keeps its data across a restart', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      database: 'up',
      embeddedDatabase: true,
      auditAppendOnlyEnforced: true,
    });

    const admin = await login(first.url, 'admin');
    const created = await fetch(`${first.url}/api/departments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ code: 'persist', name: '持久化测试局' }),
    });
    expect(created.status).toBe(201);

    first.process.kill('SIGTERM');
    expect(await exitOf(first.process)).toBe(0);
    expect(first.output()).toContain('SIGTERM received');

    const second = await startServer({ DATA_DIR: dataDir });
    try {
      const token = await login(second.url, 'head.econ');
      const departments = (await (
        await fetch(`${second.url}/api/departments`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { code: string }[];
      expect(departments.map((d) => d.code)).toContain('persist');
      // Demo data is created once, not again on restart.
      expect(second.output()).not.toContain('demo data created');
    } finally {
      second.process.kill('SIGTERM');
      expect(await exitOf(second.process)).toBe(0);
    }
  });

  itWithWebBuild('serves the built web app precompressed: brotli scripts cached for a year', async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      const index = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'br' } });
      expect(index.headers.get('cache-control')).toBe('no-cache');
      const main = /src="(main-[A-Z0-9]{8}\.js)"/.exec(await index.text())?.[1];
      expect(main).toBeDefined();
      const script = await fetch(`${server.url}/${main ?? ''}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(script.status).toBe(200);
      expect(script.headers.get('content-encoding')).toBe('br');
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    } finally {
      server.process.kill('SIGTERM');
      expect(await exitOf(server.process)).toBe(0);
    }
  });

  it('refuses to start with a bad configuration, naming each bad variable', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env['PATH'] ?? '', PORT: 'eighty', BUSINESS_TZ: 'Mars/Olympus', REPORT_DUE_DAY: '31' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('BUSINESS_TZ');
    expect(stderr).toContain('REPORT_DUE_DAY');
  });
});
