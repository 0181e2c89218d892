import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { apiGet, tokenOf } from './support/api';
import { businessDate } from './support/dates';
import { signIn } from './support/session';

// axe-core on every main page, in Chinese (the default language), as each role meets it: no
// serious or critical violation of WCAG 2.1 A/AA. One test per page, so a failure names its page.

interface TaskListItemView {
  id: string;
  leadDepartmentId: string;
  status: string;
  reportingCycle: string;
}

const current = businessDate(0).slice(0, 7);

/** Waits until the page has drawn its data: a heading, no progress bar, no spinner. */
async function settled(page: Page): Promise<void> {
  // With a dialog open the page behind it is hidden from assistive technology: the dialog's heading counts.
  const dialog = page.locator('mat-dialog-container');
  const heading =
    (await dialog.count()) > 0 ? dialog.getByRole('heading').first() : page.getByRole('heading', { level: 1 }).first();
  await expect(heading).toBeVisible();
  await expect(page.locator('mat-progress-bar, mat-spinner, mat-progress-spinner')).toHaveCount(0);
}

/** Runs axe on the page as it stands; the failure message lists each serious or critical violation. */
async function expectNoSeriousViolations(page: Page): Promise<void> {
  await settled(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
          .join('\n'),
    )
    .join('\n');
  expect(
    serious.map((v) => v.id),
    `axe on ${page.url()}:\n${report}`,
  ).toEqual([]);
}

async function signInAs(page: Page, username: string): Promise<void> {
  await signIn(page, username);
  await expect(page).not.toHaveURL(/\/login/);
}

test.describe('Accessibility (axe, zh-CN)', () => {
  test('the sign-in page', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByLabel('用户名', { exact: true })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  for (const username of ['committee', 'head.econ', 'staff.econ', 'auditor', 'admin', 'secadmin']) {
    test(`the start page of ${username}`, async ({ page }) => {
      await signInAs(page, username);
      await expectNoSeriousViolations(page);
    });
  }

  test('the task list (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.goto('/tasks');
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('the task list (department head)', async ({ page }) => {
    await signInAs(page, 'head.econ');
    await page.goto('/tasks');
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('a task detail page and the report form (department head)', async ({ page, request }) => {
    const head = await tokenOf(request, 'head.econ');
    const me = await apiGet<{ departmentId: string }>(request, head, '/api/me');
    const tasks = await apiGet<{ items: TaskListItemView[] }>(request, head, '/api/tasks?limit=500');
    const task = tasks.items.find(
      (t) => t.leadDepartmentId === me.departmentId && t.status === 'in_progress' && t.reportingCycle === 'monthly',
    );
    expect(task, 'the demo data holds an in-progress monthly task of econ').toBeDefined();
    await signInAs(page, 'head.econ');
    await page.goto(`/tasks/${task?.id}`);
    await expectNoSeriousViolations(page);
    await page.goto(`/tasks/${task?.id}/reports/new?period=${current}`);
    await expect(page.getByRole('spinbutton', { name: '完成度' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('a task detail page (committee)', async ({ page, request }) => {
    const committee = await tokenOf(request, 'committee');
    const tasks = await apiGet<{ items: TaskListItemView[] }>(request, committee, '/api/tasks?status=in_progress');
    await signInAs(page, 'committee');
    await page.goto(`/tasks/${tasks.items[0]?.id}`);
    await expectNoSeriousViolations(page);
  });

  test('the review queue (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.goto('/review-queue');
    await expectNoSeriousViolations(page);
  });

  test('the dashboard (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.goto('/dashboard');
    await expect(page.getByTestId('department-table')).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('the ranking (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.goto('/ranking');
    await expectNoSeriousViolations(page);
  });

  test('the ledger (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.goto('/ledger');
    await expectNoSeriousViolations(page);
  });

  test('the audit log (auditor)', async ({ page }) => {
    await signInAs(page, 'auditor');
    await page.goto('/audit');
    await expectNoSeriousViolations(page);
  });

  test('the users (system administrator)', async ({ page }) => {
    await signInAs(page, 'admin');
    await page.goto('/admin/users');
    await expectNoSeriousViolations(page);
  });

  test('the departments (system administrator)', async ({ page }) => {
    await signInAs(page, 'admin');
    await page.goto('/admin/departments');
    await expectNoSeriousViolations(page);
  });

  test('the import dialog with a preview that shows a bad row (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.goto('/tasks');
    await page.getByTestId('import-open').click();
    const dialog = page.getByRole('dialog');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: '下载模板' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('任务');
    if (!sheet) throw new Error('the template has no sheet 任务');
    const row = sheet.getRow(2);
    row.getCell(1).value = 'FA2.2 聚力推动重大项目建设';
    row.getCell(2).value = '无障碍检查导入任务';
    row.getCell(4).value = '不存在的局';
    row.getCell(7).value = '2026-12-31';
    row.commit();
    await page.getByTestId('import-input').setInputFiles({
      name: '任务导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    await expect(dialog.getByTestId('import-error').first()).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('the task form with its date picker open (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.goto('/tasks/new');
    await expectNoSeriousViolations(page);
    const due = page.getByRole('textbox', { name: '完成时限' });
    await page.locator('mat-form-field', { has: due }).getByRole('button', { name: '打开日历' }).click();
    await expect(page.locator('mat-calendar')).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('the audit log filtered by a date and the chain check (auditor)', async ({ page }) => {
    await signInAs(page, 'auditor');
    await page.goto('/audit/verify');
    await expectNoSeriousViolations(page);
  });

  test('the plan drift, bulletins and notifications (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    for (const path of ['/plan-drift', '/bulletins', '/notifications']) {
      await page.goto(path);
      await expectNoSeriousViolations(page);
    }
  });

  test('the focus areas and the work calendar (system administrator)', async ({ page }) => {
    await signInAs(page, 'admin');
    for (const path of ['/focus-areas', '/admin/calendar']) {
      await page.goto(path);
      await expectNoSeriousViolations(page);
    }
  });

  test('the security policy and the single sign-on mappings (security administrator)', async ({ page }) => {
    await signInAs(page, 'secadmin');
    for (const path of ['/admin/security/policy', '/admin/security/sso-mappings']) {
      await page.goto(path);
      await expectNoSeriousViolations(page);
    }
  });

  test('the account security page (department head)', async ({ page }) => {
    await signInAs(page, 'head.econ');
    await page.goto('/account/security');
    await expectNoSeriousViolations(page);
  });
});

// The same checks in English on the pages with the most text of their own.
test.describe('Accessibility (axe, English)', () => {
  test('home, review queue and dashboard (committee)', async ({ page }) => {
    await signInAs(page, 'committee');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    try {
      await expectNoSeriousViolations(page);
      for (const path of ['/review-queue', '/dashboard']) {
        await page.goto(path);
        await expectNoSeriousViolations(page);
      }
    } finally {
      // The choice is saved on the account: the other journeys expect the committee in Chinese.
      await page.getByRole('button', { name: '中文' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    }
  });
});
