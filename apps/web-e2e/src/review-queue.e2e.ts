import { expect, type Locator, type Page, test } from '@playwright/test';
import { apiPost, assignedTask, tokenOf } from './support/api';
import { businessDate } from './support/dates';
import { openFromNav, signInAndWait } from './support/session';

// The committee decides from the review queue itself: approve in one click, return with a reason
// asked for in a dialog; the row leaves the queue and the report shows the decision. The return is
// done on a phone, with the keyboard.
test.describe.configure({ mode: 'serial' });

const rows = (page: Page): Locator => page.getByTestId('review-queue-item');

async function titleOf(row: Locator): Promise<string> {
  return (await row.locator('a.task').innerText()).trim();
}

async function reportPathOf(row: Locator): Promise<string> {
  return (await row.locator('a.task').getAttribute('href')) ?? '';
}

const TITLES = ['队列一键通过任务', '队列退回任务'];

test.describe('Deciding from the review queue', () => {
  // Two reports of this month waiting for review, whatever earlier journeys decided.
  test.beforeAll(async ({ request }) => {
    const head = await tokenOf(request, 'head.econ');
    const period = businessDate().slice(0, 7);
    for (const title of TITLES) {
      const taskId = await assignedTask(request, title, { startDate: businessDate(-40), dueDate: businessDate(200) });
      const report = await apiPost<{ id: string }>(request, head, `/api/tasks/${taskId}/progress`, {
        period,
        percentComplete: 35,
        summary: '本月完成项目对接三次',
      });
      await apiPost(request, head, `/api/progress/${report.id}/submit`);
    }
  });

  test('the committee approves a report in one click; it leaves the queue', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await openFromNav(page, '审核队列');
    await expect(rows(page).first()).toBeVisible();
    const before = await rows(page).count();
    const row = rows(page).filter({ hasText: TITLES[0] });
    const title = await titleOf(row);
    const path = await reportPathOf(row);

    await row.getByRole('button', { name: `通过：${title}` }).click();
    await expect(page.getByText(`已通过：${title}`)).toBeVisible();
    await expect(rows(page)).toHaveCount(before - 1);
    await expect(page.locator(`a.task[href="${path}"]`)).toHaveCount(0);

    await page.goto(path);
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('已通过');
  });

  test('on a phone, with the keyboard, the committee returns a report with a reason', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAndWait(page, 'committee');
    await openFromNav(page, '审核队列');
    await expect(rows(page).first()).toBeVisible();
    const before = await rows(page).count();
    const row = rows(page).filter({ hasText: TITLES[1] });
    const title = await titleOf(row);
    const path = await reportPathOf(row);

    const returnButton = row.getByRole('button', { name: `退回：${title}` });
    // Thumb-sized and within the screen.
    const box = await returnButton.boundingBox();
    expect(box && box.height >= 40 && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await returnButton.focus();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`退回报告：${title}`);
    const reason = dialog.getByRole('textbox', { name: '退回理由（部门将看到）' });
    await expect(reason).toBeFocused();
    // Sending without a reason is refused in place.
    await dialog.getByRole('button', { name: '退回', exact: true }).click();
    await expect(dialog).toBeVisible();
    await reason.fill('请补充本月签约金额和佐证材料');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: '退回', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(`已退回：${title}`)).toBeVisible();
    await expect(rows(page)).toHaveCount(before - 1);

    await page.goto(path);
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('已退回');
    await expect(page.getByText('请补充本月签约金额和佐证材料').first()).toBeVisible();
  });

  test('the export buttons download the queue as it is filtered', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/review-queue');
    await expect(rows(page).first()).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/审核队列\.csv$|review-queue\.csv$/);
  });
});
