import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from './support/session';

// Single sign-on in the browser: a real OpenID Connect provider (the `oidc-provider` package, the
// integration tests' script) on loopback, and an api of its own configured for it. The browser
// goes through the provider's own login and consent pages and comes back signed in.
const root = join(__dirname, '..', '..', '..');
const dataDir = join(root, 'tmp', `e2e-sso-${Date.now()}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function started(child: ChildProcess, ready: (output: string) => string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const value = ready(output);
      if (value) resolve(value);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`ended early (${code}): ${output}`)));
  });
}

async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

let provider: ChildProcess | undefined;
let api: ChildProcess | undefined;
let appUrl = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  provider = spawn(process.execPath, [join(root, 'apps/api/test/oidc/local-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_CLIENT_ID: 'zibo-supervision',
      OIDC_TEST_REDIRECT_URIS: `${appUrl}/api/auth/oidc/callback`,
      OIDC_TEST_ACCOUNTS: JSON.stringify([
        {
          sub: 'e2e-sub-wang',
          username: 'wang.fang',
          password: 'provider-pass',
          claims: { name: '王芳', preferred_username: 'wang.fang', department: 'zone-econ' },
        },
      ]),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const issuer = await started(provider, (output) => /READY (\S+)/.exec(output)?.[1] ?? null);
  api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'zibo-supervision',
      OIDC_REDIRECT_URI: `${appUrl}/api/auth/oidc/callback`,
      OIDC_CLAIM: 'department',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await healthy(appUrl);
  // The security administrator maps the provider's department to the economy bureau's staff.
  const login = await fetch(`${appUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'secadmin', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const departments = (await (
    await fetch(`${appUrl}/api/departments`, { headers: { authorization: `Bearer ${accessToken}` } })
  ).json()) as { id: string; code: string }[];
  const mapped = await fetch(`${appUrl}/api/oidc-mappings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      claimValue: 'zone-econ',
      role: 'dept_staff',
      departmentId: departments.find((d) => d.code === 'econ')?.id,
    }),
  });
  expect(mapped.status).toBe(201);
});

test.afterAll(async () => {
  for (const child of [api, provider]) {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
});

test('signs in through the zone’s identity provider (its login and consent pages) into the app', async ({ page }) => {
  await page.goto(`${appUrl}/login`);
  await page.getByRole('link', { name: '使用统一身份认证登录' }).click();

  // The provider's own pages.
  await expect(page.getByRole('heading', { name: 'Zone identity provider: sign in' })).toBeVisible();
  await page.getByLabel('Username').fill('wang.fang');
  await page.getByLabel('Password').fill('provider-pass');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Zone identity provider: allow access' })).toBeVisible();
  await page.getByRole('button', { name: 'Allow' }).click();

  // Back in the app, signed in as the provisioned department user (the refresh cookie made the session).
  await expect(page).toHaveURL(new RegExp(`^${appUrl}/home$`));
  await expect(page.getByTestId('identity').first()).toContainText('王芳');
  await expect(page.getByTestId('identity').first()).toContainText('部门填报员');
});
