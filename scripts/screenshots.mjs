#!/usr/bin/env node
// `npm run screenshots`: PNGs of the main pages into docs/screenshots/ (not a test: it asserts nothing,
// but stops loudly when a page does not show what it should). Starts the built api with demo data on an
// embedded database in a throw-away directory (or uses --base-url), signs in as each demo role in
// Debian's Chromium and saves each page at laptop (1280×800) and phone (390×844) size, in Chinese
// and in English (`en-` files). Then times the first pages (load event, first contentful paint and the page's
// heading shown, for sign-in, home and dashboard, cold cache, median of --runs) and prints them. Build first (`npm run build`).
// Options: --base-url URL, --main FILE, --out DIR, --runs N, --only NAME (a substring of the shot names).
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { CHROMIUM, DEMO_PASSWORD, startDemoServer } from './demo-server.mjs';

const root = join(import.meta.dirname, '..');
const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    main: { type: 'string', default: join(root, 'dist/apps/api/main.js') },
    out: { type: 'string', default: join(root, 'docs/screenshots') },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});

const SIZES = {
  laptop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

/**
 * Every chart drawn and still: each chart container has a canvas (or svg) of non-zero size, and no
 * canvas changed between two looks 400 ms apart (an animation, a late data load or a resize redraws).
 * Counts the charts each time, so a dashboard with more charts (or charts that appear late) is
 * photographed only once they have all settled.
 */
async function chartsSettled(page) {
  await page.locator('.chart canvas, .chart svg').first().waitFor({ timeout: 30_000 });
  const look = () =>
    page.evaluate(() => {
      const charts = [...document.querySelectorAll('.chart')];
      const pictures = charts.map((chart) => {
        const canvases = [...chart.querySelectorAll('canvas')];
        if (canvases.length > 0) {
          return canvases.every((c) => c.width > 0 && c.height > 0) ? canvases.map((c) => c.toDataURL()).join() : null;
        }
        const svg = chart.querySelector('svg');
        return svg && svg.getBoundingClientRect().width > 0 ? svg.outerHTML : null;
      });
      return { count: charts.length, drawn: pictures.every((p) => p !== null), key: pictures.join('|') };
    });
  const deadline = Date.now() + 30_000;
  let previous = await look();
  for (;;) {
    await page.waitForTimeout(400);
    const current = await look();
    if (current.drawn && current.count === previous.count && current.key === previous.key) return;
    if (Date.now() > deadline) throw new Error(`the dashboard's ${current.count} charts did not settle within 30 s`);
    previous = current;
  }
}

/** What a page must show before it is photographed (a heading, a table, every chart at rest). */
const ready = {
  heading: (page) => page.getByRole('heading', { level: 1 }).first().waitFor(),
  list: (testId) => (page) => page.getByTestId(testId).first().waitFor(),
  charts: chartsSettled,
};

/** The first task of a list page's table, for the detail and report pages. */
async function firstTaskPath(page) {
  await page.goto('/tasks');
  const link = page
    .locator('a[href^="/tasks/"]')
    .filter({ hasNotText: /新建|New/ })
    .first();
  await link.waitFor();
  return link.getAttribute('href');
}

/** The import template the dialog offers, with two rows filled in: one good, one naming no department. */
async function templateWithOneBadRow(page) {
  const dialog = page.getByRole('dialog');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: /下载模板|template/i }).click(),
  ]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await readFile(await download.path()));
  const sheet = workbook.worksheets[0];
  const rows = [
    ['FA2.2 聚力推动重大项目建设', '推进新材料产业园二期建设', '经济发展局', '2026-12-31'],
    ['FA2.2 聚力推动重大项目建设', '引进高端装备制造项目', '不存在的局', '2026-12-31'],
  ];
  rows.forEach(([workItem, title, lead, due], index) => {
    const row = sheet.getRow(index + 2);
    row.getCell(1).value = workItem;
    row.getCell(2).value = title;
    row.getCell(4).value = lead;
    row.getCell(7).value = due;
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The import dialog's preview of a sheet with one bad row (nothing is imported). */
async function importPreview(page) {
  await page.getByTestId('import-open').click();
  const file = await templateWithOneBadRow(page);
  await page.getByTestId('import-input').setInputFiles({
    name: '任务导入.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file,
  });
  await page.getByTestId('import-summary').waitFor();
  await page.getByTestId('import-row').nth(1).waitFor();
}

/**
 * Who is photographed where: [user, [name, path or function giving it, ready check, then (optional)]].
 * Each user's pages are taken in Chinese, then in English (`en-` names), at laptop and phone size.
 */
const PLAN = [
  [
    'head.econ',
    [
      ['head-home', '/home', ready.list('inbox-item')],
      ['head-tasks', '/tasks', ready.heading],
      ['head-task-detail', firstTaskPath, ready.heading],
      ['head-report-form', async (page) => `${await firstTaskPath(page)}/reports/new`, ready.heading],
    ],
  ],
  ['staff.econ', [['staff-home', '/home', ready.heading]]],
  [
    'committee',
    [
      ['committee-home', '/home', ready.list('inbox-item')],
      ['committee-review-queue', '/review-queue', ready.list('review-queue-item')],
      ['committee-dashboard', '/dashboard', ready.charts],
      ['committee-import-preview', '/tasks', ready.heading, importPreview],
      ['committee-ledger', '/ledger', ready.heading],
      ['committee-ranking', '/ranking', ready.heading],
    ],
  ],
  [
    'auditor',
    [
      ['auditor-home', '/home', ready.heading],
      ['auditor-audit-log', '/audit', ready.list('audit-event')],
    ],
  ],
  ['admin', [['admin-users', '/admin/users', ready.heading]]],
  ['secadmin', [['secadmin-home', '/home', ready.heading]]],
];
const LANGUAGES = ['zh-CN', 'en'];

async function signIn(page, username) {
  await page.goto('/login');
  await page
    .getByLabel(/用户名|Username/)
    .first()
    .fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((address) => !address.pathname.startsWith('/login'));
}

/** Waits until no request has been in flight for a moment, so the picture is of a settled page. */
async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.evaluate(() => document.fonts.ready);
}

/** Switches the signed-in user's language (saved on the server, so it holds for their next contexts). */
async function useLanguage(page, language) {
  const current = await page.locator('html').getAttribute('lang');
  if (current === language) return;
  await page.getByRole('button', { name: language === 'en' ? 'English' : '中文' }).click();
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
}

async function photograph(browser, url) {
  mkdirSync(options.out, { recursive: true });
  const saved = [];
  for (const [username, shots] of PLAN) {
    for (const language of LANGUAGES) {
      const prefix = language === 'en' ? 'en-' : '';
      const wanted = shots.filter(([name]) => !options.only || `${prefix}${name}`.includes(options.only));
      if (wanted.length === 0) continue;
      for (const [size, viewport] of Object.entries(SIZES)) {
        const context = await browser.newContext({
          baseURL: url,
          viewport,
          deviceScaleFactor: 1,
          isMobile: size === 'phone',
          hasTouch: size === 'phone',
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
          reducedMotion: 'reduce',
          acceptDownloads: true,
        });
        const page = await context.newPage();
        await signIn(page, username);
        await useLanguage(page, language);
        for (const [name, target, isReady, then] of wanted) {
          const path = typeof target === 'function' ? await target(page) : target;
          await page.goto(path);
          await isReady(page);
          if (then) await then(page);
          await settle(page);
          const file = join(options.out, `${prefix}${name}-${size}.png`);
          await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
          saved.push(file);
          process.stdout.write(`  ${prefix}${name}-${size}.png  ${(statSync(file).size / 1000).toFixed(0)} kB\n`);
        }
        await context.close();
      }
    }
    // Back to Chinese for the timings below, which sign in as these users.
    const context = await browser.newContext({ baseURL: url, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, username);
    await useLanguage(page, 'zh-CN');
    await context.close();
  }
  return saved;
}

function median(values) {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** First contentful paint and load of a cold page (empty cache), from the page's own performance entries. */
async function coldTimings(context, path) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await page.goto(path, { waitUntil: 'load' });
  // The page's own heading drawn: the app has bootstrapped, loaded its texts and its first data.
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const shown = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const timings = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { fcp: fcp?.startTime, load: nav?.loadEventEnd };
  });
  timings.heading = shown;
  await page.close();
  return timings;
}

async function firstPageTimings(browser, url, runs) {
  const samples = { 'sign-in (/login)': [], 'home (/home, committee)': [], 'dashboard (/dashboard, committee)': [] };
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL: url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    samples['sign-in (/login)'].push(await coldTimings(context, '/login'));
    const page = await context.newPage();
    await signIn(page, 'committee');
    await page.close();
    // Signed in (the refresh cookie restores the session), cache emptied: a cold start of each page.
    samples['home (/home, committee)'].push(await coldTimings(context, '/home'));
    samples['dashboard (/dashboard, committee)'].push(await coldTimings(context, '/dashboard'));
    await context.close();
  }
  const lines = [
    '| page, cold cache | load event ms | first contentful paint ms | heading shown ms |',
    '| --- | --: | --: | --: |',
  ];
  for (const [name, list] of Object.entries(samples)) {
    const cell = (key) => Math.round(median(list.map((t) => t[key])) ?? NaN);
    lines.push(`| ${name} | ${cell('load')} | ${cell('fcp')} | ${cell('heading')} |`);
  }
  return lines.join('\n');
}

const server = options['base-url'] ? null : await startDemoServer(options.main);
const url = options['base-url'] ?? server.url;
const browser = await chromium.launch(CHROMIUM);
try {
  mkdirSync(options.out, { recursive: true });
  if (!options.only) {
    // Pictures of pages that no longer exist should not linger.
    for (const file of readdirSync(options.out, { withFileTypes: true }))
      if (file.isFile() && file.name.endsWith('.png')) rmSync(join(options.out, file.name));
  }
  process.stdout.write(`Screenshots into ${options.out}\n`);
  const saved = await photograph(browser, url);
  const total = saved.reduce((sum, file) => sum + statSync(file).size, 0);
  process.stdout.write(`${saved.length} files, ${(total / 1e6).toFixed(2)} MB\n\n`);
  const runs = Math.max(1, Number(options.runs));
  const table = await firstPageTimings(browser, url, runs);
  process.stdout.write(
    `First pages (median of ${runs}; Chromium ${browser.version()}, Node ${process.version}):\n${table}\n`,
  );
} finally {
  await browser.close();
  await server?.stop();
}
