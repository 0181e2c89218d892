// The built api (dist/apps/api/main.js) with demo data on an embedded database in a throw-away
// DATA_DIR, for the scripts that drive a browser against it (measure-pages, screenshots).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEMO_PASSWORD = 'Demo@2021';

/** Debian's Chromium, quiet on a closed network (never a browser Playwright downloads). */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

const freePort = () =>
  new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });

/** Starts the api; returns its URL and a stop function (the data directory goes with it). */
export async function startDemoServer(main) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'zibo-demo-'));
  const child = spawn(process.execPath, [resolve(main)], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      REMINDER_INTERVAL_MINUTES: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  process.on('exit', () => {
    child.kill('SIGKILL');
    cleanUp();
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error('the api exited during start-up');
    try {
      if ((await fetch(`${url}/api/health`)).ok) {
        const stop = () =>
          new Promise((done) => {
            child.once('exit', () => {
              cleanUp();
              done();
            });
            child.kill('SIGTERM');
          });
        return { url, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the api did not become healthy');
}
