import { expect, test } from '@playwright/test';
import { assignedTask } from './support/api';
import { businessDate } from './support/dates';
import { signInAndWait } from './support/session';

// Issue #10: a draft may be saved before the percent is known (evidence first); submitting asks for it.
test.describe.configure({ mode: 'serial' });

const current = businessDate(0).slice(0, 7);
let taskId = '';
let reportPath = '';

test.describe('A report draft without its percent', () => {
  test('the committee assigns econ a task that reports this month', async ({ request }) => {
    taskId = await assignedTask(request, '佐证材料先行的报告', {
      startDate: `${current}-01`,
      dueDate: businessDate(120),
    });
    expect(taskId).not.toBe('');
  });

  test('is saved with the percent box emptied, and stays empty after a reload', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(`/tasks/${taskId}/reports/new?period=${current}`);
    const box = page.getByRole('spinbutton', { name: '完成度' });
    await box.fill('');
    await page.getByRole('textbox', { name: '工作进展' }).fill('先上传佐证材料，完成度待统计');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
    reportPath = new URL(page.url()).pathname;
    await expect(box).toHaveValue('');

    await page.reload();
    await expect(page.getByRole('textbox', { name: '工作进展' })).toHaveValue('先上传佐证材料，完成度待统计');
    await expect(box).toHaveValue('');
    // The evidence upload comes before the actions (Save / Submit) in the form, not after them.
    const uploadFirst = await page.evaluate(() => {
      const upload = document.querySelector('app-attachment-upload');
      const actions = document.querySelector('.form-actions');
      return (
        !!upload && !!actions && (upload.compareDocumentPosition(actions) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
      );
    });
    expect(uploadFirst).toBe(true);
  });

  test('submitting asks for the percent on its field, and goes through once it is given', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(reportPath);
    const box = page.getByRole('spinbutton', { name: '完成度' });
    await expect(box).toHaveValue('');
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();
    await expect(page.locator('mat-form-field', { has: box }).getByText('必填')).toBeVisible();
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('草稿');

    await box.fill('20');
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('待审核');
  });
});
