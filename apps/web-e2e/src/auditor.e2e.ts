import { readFile } from 'node:fs/promises';
import { type Download, expect, type Page, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { openFromNav, signInAndWait } from './support/session';

/** The month before the current one (business time), as the period picker names it: 2026年10月. */
function previousMonth(): { period: string; label: string } {
  const [year, month] = businessDate().split('-').map(Number);
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return {
    period: `${previous.year}-${String(previous.month).padStart(2, '0')}`,
    label: `${previous.year}年${previous.month}月`,
  };
}

async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Clicks a download button and returns the file the browser saved (the app saves a blob under the server's name). */
async function downloadFrom(page: Page, button: string): Promise<{ download: Download; content: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const path = await download.path();
  return { download, content: await readFile(path) };
}

test.describe("The auditor's screens", () => {
  test('the auditor filters the audit log, verifies the chain and exports the log as CSV', async ({ page }) => {
    await signInAndWait(page, 'auditor');
    await openFromNav(page, '审计');
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole('heading', { name: '审计', exact: true })).toBeVisible();
    await expect(page.getByTestId('audit-event').first()).toBeVisible();

    await choose(page, '对象类型', '任务');
    await expect(page).toHaveURL(/entityType=task/);
    const events = page.getByTestId('audit-event');
    await expect(events.first()).toHaveAttribute('data-entity-type', 'task');
    expect(await page.locator('[data-testid="audit-event"]:not([data-entity-type="task"])').count()).toBe(0);

    // An event opens into its change, with a way to the task's history.
    await events.first().locator('summary').click();
    await expect(events.first().getByTestId('audit-diff')).toBeVisible();
    await expect(events.first().getByRole('link', { name: '查看任务历史' })).toBeVisible();

    const csv = await downloadFrom(page, '导出 CSV');
    expect(csv.download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
    expect(csv.content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.content.subarray(3).toString('utf8')).toMatch(/^seq,prevHash,hash,canonical/);
    await expect(page.getByTestId('download-progress')).toHaveAttribute('data-phase', 'done');

    await page.getByRole('tab', { name: '链校验与公钥' }).click();
    await expect(page).toHaveURL(/\/audit\/verify$/);
    await page.getByTestId('verify-button').click();
    const result = page.getByTestId('verify-result');
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText('校验通过');
    await expect(result).toContainText(/共校验 \d+ 条记录/);

    const key = await downloadFrom(page, '下载公钥（key.pem）');
    expect(key.content.toString('utf8')).toContain('-----BEGIN PUBLIC KEY-----');
  });

  test('the auditor opens the ledger for the previous month and downloads it as PDF', async ({ page }) => {
    const month = previousMonth();
    await signInAndWait(page, 'auditor');
    await openFromNav(page, '督办台账');
    await expect(page).toHaveURL(/\/ledger/);
    await choose(page, '月份', month.label);
    await expect(page.getByRole('combobox', { name: '月份', exact: true })).toHaveText(month.label);

    await expect(page.getByTestId('ledger-summary')).toContainText(month.label);
    await expect(page.getByTestId('ledger-chain-head')).toContainText(/seq \d+/);
    await expect(page.getByTestId('ledger-task').first()).toBeVisible();

    const pdf = await downloadFrom(page, '下载 PDF');
    expect(pdf.download.suggestedFilename()).toBe(`ledger-${month.period}.pdf`);
    expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('the ranking shows the formula version and every input, recomputed in the browser', async ({ page }) => {
    const month = previousMonth();
    await signInAndWait(page, 'auditor');
    await page.goto(`/ranking?period=${month.period}`);
    await expect(page.getByTestId('ranking-formula')).toContainText('ranking-v');
    const econ = page.getByTestId('ranking-econ');
    await expect(econ).toBeVisible();
    await expect(econ.locator('.check.ok')).toBeVisible();
  });

  test('the dashboard shows a past date as a labelled historical view', async ({ page }) => {
    await signInAndWait(page, 'auditor');
    await page.goto('/dashboard');
    await page.getByTestId('as-of-date').fill(businessDate(-30));
    await page.getByTestId('as-of-date').blur();
    await expect(page.getByTestId('historical-view')).toContainText(`历史视图：${businessDate(-30)}`);
    await expect(page).toHaveURL(/asOf=/);
    await page.getByRole('button', { name: '返回实时数据' }).click();
    await expect(page.getByTestId('historical-view')).toHaveCount(0);
  });

  test('a department head is offered neither the audit log nor the ledger, and their addresses send them away', async ({
    page,
  }) => {
    await signInAndWait(page, 'head.econ');
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link', { name: '督办任务' })).toBeVisible();
    await expect(nav.getByRole('link', { name: '审计' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: '督办台账' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: '考核排名' })).toHaveCount(0);

    for (const path of ['/audit', '/audit/verify', '/ledger', '/ranking']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/home$/);
    }
  });
});
