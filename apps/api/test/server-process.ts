import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../src/core/database/embedded-database';

/** The built server, as `npm start` runs it (the test runner builds before integration tests). */
export const SERVER_MAIN = resolve(__dirname, '../../../dist/apps/api/main.js');
export const serverIsBuilt = () => existsSync(SERVER_MAIN);

export interface ServerProcess {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `dist/apps/api/main.js` with only the given environment and waits until health answers 200. */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
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

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit(child.exitCode);
    child.once('exit', (code) => resolveExit(code));
  });
}

/** SIGTERM (graceful: requests finish, the embedded database stops) and the exit code. */
export async function stopServer(server: ServerProcess | undefined): Promise<number | null> {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return null;
  server.process.kill('SIGTERM');
  return exitOf(server.process);
}

export async function signIn(url: string, username: string, password = 'Demo@2021'): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${username}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`sign-in of ${username} asks for another step: ${JSON.stringify(body)}`);
  return body.accessToken;
}
