import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exitOf, SERVER_MAIN as MAIN, serverIsBuilt, signIn as login, startServer } from '../test/server-process';

const describeBuilt = serverIsBuilt() ? describe : describe.skip;
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
