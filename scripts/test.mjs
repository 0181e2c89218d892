#!/usr/bin/env node
// `npm test`: every check of the project in one run — format, lint, build, unit tests,
// integration tests against real PostgreSQL, browser end-to-end tests — ending with one line
// `N passed, N failed` that sums them all. Exit code 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

const root = join(import.meta.dirname, '..');
const out = join(root, 'test-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NG_CLI_ANALYTICS: 'false',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
};
/** A port nothing listens on right now. */
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const e2ePort = await freePort();

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCi = process.env.CI === 'true';
const suites = [];

function run(command, args, extraEnv = {}) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

function record(name, passed, failed, seconds, note = '') {
  suites.push({ name, passed, failed, seconds, note });
}

/** A check that passes or fails as a whole (lint of one project, a build). */
function check(name, command, args) {
  const { ok, seconds } = run(command, args);
  record(name, ok ? 1 : 0, ok ? 0 : 1, seconds);
  return ok;
}

/** A jest run, counted test by test from its JSON report. */
function jest(name, config) {
  const file = join(out, `${name.replace(/\W+/g, '-')}.json`);
  const { ok, seconds } = run('npx', ['jest', '-c', config, '--json', `--outputFile=${file}`]);
  if (!existsSync(file)) return record(name, 0, 1, seconds, 'no report');
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that could not even run (compile error) counts as one failure.
  const broken = report.numRuntimeErrorTestSuites ?? 0;
  const failed = report.numFailedTests + broken + (ok || report.numFailedTests + broken > 0 ? 0 : 1);
  record(
    name,
    report.numPassedTests,
    failed,
    seconds,
    report.numPendingTests ? `${report.numPendingTests} skipped` : '',
  );
}

function e2e() {
  if (!existsSync(CHROMIUM)) {
    const banner = [
      '',
      '#'.repeat(78),
      `#  BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM}.`,
      "#  Install Debian's Chromium to run them:  sudo apt-get install -y chromium",
      '#  (or set CHROMIUM_PATH). Nothing is downloaded by this project.',
      inCi ? '#  CI=true: a missing browser is a FAILURE.' : '#  Everything else ran.',
      '#'.repeat(78),
      '',
    ].join('\n');
    process.stdout.write(banner);
    record('e2e (browser)', 0, inCi ? 1 : 0, 0, 'SKIPPED: no Chromium');
    return;
  }
  const file = join(out, 'e2e-results.json');
  const { ok, seconds } = run('npx', ['playwright', 'test', '-c', 'apps/web-e2e/playwright.config.ts'], {
    CHROMIUM_PATH: CHROMIUM,
    // A free port, so a developer's running app (or another checkout's tests) cannot collide.
    E2E_PORT: process.env.E2E_PORT ?? String(e2ePort),
  });
  if (!existsSync(file)) return record('e2e (browser)', 0, 1, seconds, 'no report');
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  const failed = stats.unexpected + (ok || stats.unexpected > 0 ? 0 : 1);
  record(
    'e2e (browser)',
    stats.expected + stats.flaky,
    failed,
    seconds,
    stats.skipped ? `${stats.skipped} skipped` : '',
  );
}

check('format (prettier)', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
for (const project of ['domain', 'api', 'web', 'web-e2e']) {
  check(`lint ${project}`, 'npx', ['nx', 'run', `${project}:lint`, '--skip-nx-cache']);
}
const built = check('build api + web', 'npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web']);
jest('unit domain', 'libs/domain/jest.config.cts');
jest('unit api', 'apps/api/jest.config.cts');
jest('unit web', 'apps/web/jest.config.cts');
jest('integration api', 'apps/api/jest.integration.config.cts');
if (built) e2e();
else record('e2e (browser)', 0, 1, 0, 'not run: build failed');

const passed = suites.reduce((sum, s) => sum + s.passed, 0);
const failed = suites.reduce((sum, s) => sum + s.failed, 0);
process.stdout.write('\nSummary\n');
for (const s of suites) {
  const mark = s.failed ? '✗' : '✓';
  process.stdout.write(
    `  ${mark} ${s.name.padEnd(22)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed  ${s.seconds.toFixed(1).padStart(6)} s  ${s.note}\n`,
  );
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
