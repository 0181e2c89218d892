import { defineConfig, devices } from '@playwright/test';
import { join } from 'node:path';

// Browser journeys against the built app: the api (dist/apps/api) serves the built web app at `/`.
// Build first: `npx nx run web-e2e:e2e` does, or `npm run build`.
const root = join(__dirname, '..', '..');
const port = Number(process.env['E2E_PORT'] ?? 3310);
const baseURL = `http://127.0.0.1:${port}`;
// A fresh database per run, so the journeys start from the demo data every time.
const dataDir = join(root, 'tmp', `e2e-data-${Date.now()}`);

export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  outputDir: join(root, 'test-output', 'playwright'),
  globalSetup: './src/support/global-setup.ts',
  fullyParallel: false,
  // One worker: two cores share Chromium, the api and its PostgreSQL.
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env['CI'],
  reporter: [['list'], ['json', { outputFile: '../../test-output/e2e-results.json' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Debian's Chromium; Playwright's own browsers are never downloaded.
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
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
    },
  },
  webServer: {
    command: 'node --max-old-space-size=192 dist/apps/api/main.js',
    cwd: root,
    // CHANNEL_DELIVERY_SECONDS=0: a group robot the journeys set is never sent to (no traffic leaves the machine).
    env: { PORT: String(port), DATA_DIR: dataDir, DEMO_DATA: 'true', CHANNEL_DELIVERY_SECONDS: '0' },
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
