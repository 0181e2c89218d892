// What the bench scripts share: ports, clean-up of what they start, waiting for a server, and
// signing in the seeded accounts.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

// The api is measured as it is shipped: with its heap budget (apps/api/src/core/config/heap-budget.ts;
// heap-budget.spec.ts checks this copy).
export const API_HEAP_FLAGS = ['--max-old-space-size=192'];

/**
 * The built api (`main`) on an embedded database in `dataDir`, quiet and without the reminder
 * timer; `nodeArgs` replace the heap budget when given. `passwordOnly`: its accounts sign in with
 * a password alone (bench only, never a default).
 */
export function startBenchApi(main, { port, dbPort, dataDir, nodeArgs = API_HEAP_FLAGS, passwordOnly = false }) {
  return spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(dbPort),
      LOG_LEVEL: 'warn',
      REMINDER_INTERVAL_MINUTES: '0',
      ...(passwordOnly ? { MFA_REQUIRED_ROLES: 'none' } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A TCP port free right now on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Processes to kill and folders to remove when the script ends, however it ends. */
export function cleanUpOnExit() {
  const children = [];
  const temporary = [];
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  return { children, temporary };
}

/** Resolves once `url` answers below 500 (a server still starting refuses or answers 503). */
export async function waitFor(url, tenthsOfSeconds = 600) {
  for (let i = 0; i < tenthsOfSeconds; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

// The seeded accounts carry the demo password, which the password policy sends to a forced change:
// the first sign-in on a data folder makes it, and later ones use the new password.
export const BENCH_PASSWORD = 'Bench-figures-2021';

async function signIn(base, username, password) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return response.json();
}

/** An access token for a seeded account (the bench runs with MFA_REQUIRED_ROLES=none). */
export async function benchLogin(base, username) {
  let body = await signIn(base, username, BENCH_PASSWORD);
  if (!body.accessToken && !body.changeToken) body = await signIn(base, username, 'Demo@2021');
  if (body.changeToken) {
    const changed = await fetch(`${base}/api/me/password`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${body.changeToken}` },
      body: JSON.stringify({ newPassword: BENCH_PASSWORD }),
    });
    body = await changed.json();
  }
  if (!body.accessToken) throw new Error(`${username} did not sign in at ${base}: ${JSON.stringify(body)}`);
  return body.accessToken;
}
