import { expect, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { signInAndWait } from './support/session';

test.describe('The task form', () => {
  test('what the committee typed, milestones included, survives a reload', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/tasks/new');
    await page.getByRole('textbox', { name: '任务名称' }).fill('草稿保留测试任务');
    await page.getByRole('button', { name: '添加里程碑' }).click();
    await page.getByRole('button', { name: '添加里程碑' }).click();
    await page.getByRole('textbox', { name: '里程碑 2' }).fill('完成项目验收');

    await page.reload();

    await expect(page.getByRole('status').filter({ hasText: '已恢复上次未保存的内容' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: '任务名称' })).toHaveValue('草稿保留测试任务');
    await expect(page.getByTestId('milestone-row')).toHaveCount(2);
    await expect(page.getByRole('textbox', { name: '里程碑 2' })).toHaveValue('完成项目验收');

    await page.getByRole('button', { name: '放弃草稿' }).click();
    await expect(page.getByRole('textbox', { name: '任务名称' })).toHaveValue('');
    await expect(page.getByTestId('milestone-row')).toHaveCount(0);
  });

  test('the plan is checked before it is sent: each problem shows on its field', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/tasks/new');
    await page.getByRole('textbox', { name: '任务名称' }).fill('计划校验测试任务');
    await page.getByLabel('完成时限').fill(businessDate(30));
    await page.getByRole('button', { name: '添加里程碑' }).click();
    await page.getByRole('textbox', { name: '里程碑 1' }).fill('晚于时限的里程碑');
    await page.getByLabel('计划完成日期').fill(businessDate(60));

    await page.getByRole('button', { name: '保存为草稿' }).click();

    await expect(page).toHaveURL(/\/tasks\/new$/);
    await expect(page.getByTestId('milestone-row')).toContainText('晚于完成时限');
    await expect(page.getByText('请先修正标红的内容')).toBeVisible();
  });
});
