import { expect, type Page, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { samplePdf } from './support/evidence';
import { signInAndWait } from './support/session';

// One journey through the supervision workflow, as the "done when" describes it.
test.describe.configure({ mode: 'serial' });

const title = `E2E 建设省级创新平台 ${Date.now().toString(36)}`;
const indicator = '新增高新技术企业';
let taskUrl = '';
let reportUrl = '';
let inProgressBefore = 0;

// Every test starts in a fresh browser context: signing in is all it takes to switch users.
const as = signInAndWait;

async function kpi(page: Page, testId: string): Promise<number> {
  await expect(page.getByTestId(testId)).toBeVisible();
  return Number(await page.getByTestId(testId).locator('.kpi-value').innerText());
}

async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('Supervising a task from plan to approved report', () => {
  test('the committee creates a task for a work item with an indicator and assigns it to econ', async ({ page }) => {
    await as(page, 'committee');
    await page.goto('/dashboard');
    inProgressBefore = await kpi(page, 'kpi-status-in_progress');

    await page.getByRole('navigation').getByRole('link', { name: '督办任务' }).click();
    await page.getByRole('link', { name: '新建任务' }).click();
    await choose(page, '工作事项', 'FA1.1 加快建设高能级发展平台');
    await page.getByRole('textbox', { name: '任务名称' }).fill(title);
    await page.getByRole('textbox', { name: '任务说明（可选）' }).fill('新建省级以上研发平台，形成创新集聚效应');
    await choose(page, '牵头单位', '经济发展局');
    await page.getByLabel('开始日期').fill(businessDate(-10));
    await page.getByLabel('完成时限').fill(businessDate(150));
    await page.getByRole('button', { name: '添加指标' }).click();
    await page.getByRole('textbox', { name: '指标 1 名称' }).fill(indicator);
    await choose(page, '单位', '家');
    await page.getByRole('spinbutton', { name: '基期值' }).fill('10');
    await page.getByRole('spinbutton', { name: '目标值' }).fill('20');
    await page.getByRole('button', { name: '保存为草稿' }).click();

    await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
    taskUrl = new URL(page.url()).pathname;
    await expect(page.getByTestId('task-title')).toHaveText(title);
    await expect(page.getByTestId('lead-department')).toHaveText('经济发展局');
    await expect(page.getByText('FA1.1 加快建设高能级发展平台')).toBeVisible();

    await page.getByRole('button', { name: '下发', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '下发', exact: true }).click();
    await expect(page.locator('app-status-chip').first()).toHaveText('已下发');
  });

  test('econ staff drafts the current period report with an indicator actual and a PDF', async ({ page }) => {
    await as(page, 'staff.econ');
    await page.goto('/tasks');
    await page.getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`${taskUrl}$`));
    await page.getByRole('link', { name: '填报进展' }).click();

    await page.getByRole('spinbutton', { name: '完成度' }).fill('30');
    await page.getByRole('textbox', { name: '工作进展' }).fill('已完成平台申报材料初稿，正在对接省科技厅');
    await page.getByRole('spinbutton', { name: indicator }).fill('12');
    // Typing survives a reload before anything was saved.
    await page.reload();
    await expect(page.getByRole('textbox', { name: '工作进展' })).toHaveValue(
      '已完成平台申报材料初稿，正在对接省科技厅',
    );
    await expect(page.getByRole('spinbutton', { name: indicator })).toHaveValue('12');
    await page.getByRole('button', { name: '保存草稿' }).click();

    await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
    reportUrl = new URL(page.url()).pathname;
    await expect(page.getByTestId('awaiting-head')).toHaveText(/待负责人提交/);
    await expect(page.getByRole('button', { name: '提交审核' })).toHaveCount(0);

    await page.getByTestId('attachment-input').setInputFiles({
      name: '平台申报材料.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(),
    });
    await expect(page.getByTestId('attachment')).toContainText('平台申报材料.pdf');
  });

  test('the econ head submits it', async ({ page }) => {
    await as(page, 'head.econ');
    await page.goto(reportUrl);
    await expect(page.getByRole('spinbutton', { name: indicator })).toHaveValue('12');
    await expect(page.getByTestId('attachment')).toContainText('平台申报材料.pdf');

    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();

    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('待审核');
  });

  test('the committee returns it with a comment', async ({ page }) => {
    await as(page, 'committee');
    await page.goto(reportUrl);
    const review = page.getByTestId('review-panel');
    await review.getByRole('radio', { name: '退回修改' }).check();
    await review.getByRole('button', { name: '提交审核结论' }).click();
    // Returning needs a reason: the form says so before anything is sent.
    await expect(review.getByText('必填')).toBeVisible();

    await review.getByRole('textbox', { name: '审核意见' }).fill('请补充省级平台申报的佐证数据');
    await review.getByRole('button', { name: '提交审核结论' }).click();

    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('已退回');
  });

  test('the econ head reads the comment, revises, edits and resubmits', async ({ page }) => {
    await as(page, 'head.econ');
    await page.goto(reportUrl);
    await expect(page.getByTestId('returned-comment')).toContainText('请补充省级平台申报的佐证数据');

    await page.getByRole('button', { name: '修改后重新提交' }).click();
    await page.getByRole('textbox', { name: '工作进展' }).fill('已完成平台申报材料并补充佐证数据，已报省科技厅');
    await page.getByRole('spinbutton', { name: '完成度' }).fill('40');
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();

    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('待审核');
    // The returned version stays readable with the committee's comment.
    await page.getByTestId('version-1').click();
    await expect(page.getByTestId('version-1').getByTestId('review-comment')).toHaveText(
      '请补充省级平台申报的佐证数据',
    );
    await expect(page.getByTestId('version-2')).toContainText('待审核');
  });

  test('the committee approves the revision', async ({ page }) => {
    await as(page, 'committee');
    await page.goto(reportUrl);
    await expect(page.getByText('已完成平台申报材料并补充佐证数据，已报省科技厅').first()).toBeVisible();
    const review = page.getByTestId('review-panel');
    await review.getByRole('radio', { name: '通过' }).check();
    await review.getByRole('spinbutton', { name: '评分（可选）' }).fill('90');
    await review.getByRole('button', { name: '提交审核结论' }).click();

    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('已通过');

    await page.goto(taskUrl);
    await expect(page.locator('app-status-chip').first()).toHaveText('推进中');
    await expect(page.getByTestId('indicator')).toContainText('12');
    await page.getByRole('tab', { name: '历史记录' }).click();
    await expect(page.getByTestId('history-entry').filter({ hasText: '退回报告' })).toContainText(
      '请补充省级平台申报的佐证数据',
    );
  });

  test('the party department cannot find the task, not in its list nor by its address', async ({ page }) => {
    await as(page, 'head.party');
    await page.goto('/tasks');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('督办任务');
    await expect(page.getByRole('link', { name: title })).toHaveCount(0);

    await page.goto(taskUrl);
    await expect(page.getByTestId('task-not-found')).toContainText('未找到该任务');
    await expect(page.getByText(title)).toHaveCount(0);
  });

  test('the overview counts the task as in progress now', async ({ page }) => {
    await as(page, 'committee');
    await page.goto('/dashboard');

    expect(await kpi(page, 'kpi-status-in_progress')).toBe(inProgressBefore + 1);
    await expect(page.getByTestId('department-econ')).toBeVisible();
  });
});
