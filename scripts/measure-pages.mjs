#!/usr/bin/env node
// `node scripts/measure-pages.mjs`: what the first pages cost a browser (not a test: it asserts nothing).
// Starts the built api (dist/apps/api/main.js, or --main <file>) with demo data in a temporary DATA_DIR,
// or measures a running app with --base-url, and drives Debian's Chromium through:
//   sign-in          a cold load of /login (empty cache)
//   landing <user>   signing in from that page: what the landing page fetches on top of the sign-in page
//   dashboard        a cold load of /dashboard as the committee (signed in, cache emptied)
// Sizes: requests, bytes transferred (compressed body, headers excluded) and decoded for JS, CSS, fonts
// and everything, the number of font files. Timings (median of --runs, default 3) on three networks:
// `local` (no throttling: mostly this machine's CPU), `office` (10 Mbit/s, 40 ms round trip) and
// `slow` (1.6 Mbit/s down, 150 ms round trip, as Lighthouse's slow 4G):
// first contentful paint, DOMContentLoaded, load and LCP of a cold load; for a sign-in, the time from the click until the
// network is quiet. Build first (`npm run build`). Options: --runs N, --json, --base-url URL, --main FILE.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, DEMO_PASSWORD, startDemoServer } from './demo-server.mjs';

const root = join(import.meta.dirname, '..');
const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'base-url': { type: 'string' },
    main: { type: 'string', default: join(root, 'dist/apps/api/main.js') },
  },
});
const RUNS = Math.max(1, Number(options.runs));
const NETWORKS = {
  local: null,
  office: { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 },
  slow: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 },
};
/** Resource Timing of everything the page fetched since `since` (ms on the page clock). */
function collectResources(page, since) {
  return page.evaluate((from) => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].filter(
      (e) => e.startTime >= from,
    );
    return entries.map((e) => ({
      url: e.name,
      transferred: e.transferSize > 0 ? Math.max(0, e.encodedBodySize) : 0,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
      fromCache: e.transferSize === 0 && e.decodedBodySize > 0,
      end: e.responseEnd,
    }));
  }, since);
}

function kindOf(url) {
  const path = new URL(url).pathname;
  if (path.startsWith('/api/')) return 'api';
  if (/\.m?js$/.test(path)) return 'js';
  if (/\.css$/.test(path)) return 'css';
  if (/\.(woff2?|ttf|otf)$/.test(path)) return 'font';
  return 'other';
}

function summarize(resources) {
  const sum = { requests: 0, transferred: 0, decoded: 0 };
  const by = {};
  for (const kind of ['js', 'css', 'font', 'api', 'other']) by[kind] = { count: 0, transferred: 0, decoded: 0 };
  for (const r of resources) {
    const kind = by[kindOf(r.url)];
    kind.count += 1;
    kind.transferred += r.transferred;
    kind.decoded += r.decoded;
    sum.requests += 1;
    sum.transferred += r.transferred;
    sum.decoded += r.decoded;
  }
  return { ...sum, by };
}

/** Waits until no request has been in flight for `quietMs`; returns when the last one ended. */
function networkQuiet(page, quietMs = 700) {
  let inFlight = 0;
  let lastEnd = Date.now();
  const started = () => (inFlight += 1);
  const ended = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastEnd = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    async wait() {
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        if (inFlight === 0 && Date.now() - lastEnd >= quietMs) break;
      }
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
      return lastEnd;
    },
  };
}

async function pageTimings(page) {
  return page.evaluate(
    () =>
      new Promise((done) => {
        const nav = performance.getEntriesByType('navigation')[0];
        let lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) lcp = entry.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        setTimeout(
          () => done({ fcp, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, lcp }),
          100,
        );
      }),
  );
}

async function coldLoad(context, url, path, network) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  const quiet = networkQuiet(page);
  await page.goto(`${url}${path}`, { waitUntil: 'load' });
  await quiet.wait();
  const resources = await collectResources(page, 0);
  const timings = await pageTimings(page);
  return { page, resources, timings, measuredAt: await page.evaluate(() => performance.now()) };
}

/** Signs in from the measured sign-in page; counts everything fetched from typing on. */
async function signIn(page, since, username) {
  const quiet = networkQuiet(page);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  const wallClick = Date.now();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((address) => !address.pathname.startsWith('/login'));
  const lastEnd = await quiet.wait();
  return { resources: await collectResources(page, since), settled: lastEnd - wallClick, landing: page.url() };
}

async function measureOnce(browser, url, network) {
  const results = {};
  for (const username of ['head.econ', 'committee']) {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const signInPage = await coldLoad(context, url, '/login', network);
    results['sign-in'] ??= { ...summarize(signInPage.resources), timings: signInPage.timings };
    const landing = await signIn(signInPage.page, signInPage.measuredAt, username);
    results[`landing ${username}`] = {
      ...summarize(landing.resources),
      timings: { settled: landing.settled },
      path: new URL(landing.landing).pathname,
    };
    if (username === 'committee') {
      const dashboard = await coldLoad(context, url, '/dashboard', network);
      await dashboard.page.locator('.chart canvas, .chart svg').first().waitFor({ timeout: 30_000 });
      results['dashboard'] = { ...summarize(dashboard.resources), timings: dashboard.timings };
    }
    await context.close();
  }
  return results;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const kB = (bytes) => (bytes / 1000).toFixed(1);
const ms = (value) => (value === undefined ? '–' : `${Math.round(value)}`);

const server = options['base-url'] ? null : await startDemoServer(options.main);
const url = options['base-url'] ?? server.url;
const browser = await chromium.launch(CHROMIUM);
const version = browser.version();
const runs = Object.fromEntries(Object.keys(NETWORKS).map((name) => [name, []]));
try {
  for (let i = 0; i < RUNS; i++) {
    for (const [name, network] of Object.entries(NETWORKS)) runs[name].push(await measureOnce(browser, url, network));
  }
} finally {
  await browser.close();
  await server?.stop();
}

// Sizes are the same on every run and network (taken from the first local run); timings are medians.
const report = {};
for (const [page, first] of Object.entries(runs.local[0])) {
  const timings = {};
  for (const network of Object.keys(NETWORKS)) {
    timings[network] = {};
    for (const key of Object.keys(first.timings)) {
      timings[network][key] = median(runs[network].map((run) => run[page].timings[key]));
    }
  }
  report[page] = { ...first, timings };
}

if (options.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const sizes = [
    '| page | requests | JS kB (transferred / decoded) | CSS kB | fonts (files, kB) | all kB |',
    '| --- | --: | --: | --: | --: | --: |',
  ];
  const times = [
    `| page | ${Object.keys(NETWORKS)
      .map((network) => `${network}: FCP / DCL / load / LCP (or settled) ms`)
      .join(' | ')} |`,
    `| --- |${' --: |'.repeat(Object.keys(NETWORKS).length)}`,
  ];
  for (const [name, r] of Object.entries(report)) {
    const label = `${name}${r.path ? ` (→ ${r.path})` : ''}`;
    sizes.push(
      `| ${label} | ${r.requests} | ${kB(r.by.js.transferred)} / ${kB(r.by.js.decoded)} | ` +
        `${kB(r.by.css.transferred)} / ${kB(r.by.css.decoded)} | ${r.by.font.count}, ${kB(r.by.font.transferred)} | ` +
        `${kB(r.transferred)} / ${kB(r.decoded)} |`,
    );
    const cells = Object.values(r.timings).map((t) =>
      t.settled === undefined
        ? `${ms(t.fcp)} / ${ms(t.domContentLoaded)} / ${ms(t.load)} / ${ms(t.lcp)}`
        : `settled ${ms(t.settled)}`,
    );
    times.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  process.stdout.write(
    `${sizes.join('\n')}\n\n${times.join('\n')}\n\n` +
      `Chromium ${version}, ${RUNS} run(s) per network, timings are medians; office = 10 Mbit/s, 40 ms; slow = 1.6 Mbit/s, 150 ms.\n`,
  );
}
