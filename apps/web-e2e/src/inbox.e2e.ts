import { expect, type Locator, type Page, test } from '@playwright/test';
import { apiGet, tokenOf } from './support/api';
import { openFromNav, signInAndWait } from './support/session';

// Daily work from the to-do inbox, on the demo data: what a head owes, a draft handed over by staff,
// and the committee's review queue with the difference a resubmission made.
test.describe.configure({ mode: 'serial' });

let handedOver = '';
let reportPath = '';

const items = (page: Page): Locator => page.getByTestId('inbox-item');

async function titleOf(item: Locator): Promise<string> {
  return (await item.locator('a.task').innerText()).trim();
}

test.describe('The to-do inbox', () => {
  test('a department head lands on what they owe, overdue first, each with its deadline', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的待办');
    await expect(items(page).first()).toBeVisible();
    const flags = await items(page).evaluateAll((list) => list.map((li) => li.classList.contains('late')));
    // Overdue ones first: once an item is not overdue, none after it is.
    expect(flags.slice(flags.indexOf(false) === -1 ? flags.length : flags.indexOf(false))).not.toContain(true);
    const owed = items(page).and(page.locator('[data-kind="report_owed"]')).first();
    await expect(owed).toContainText('待报送进展');
    await expect(owed).toContainText(/报送截止：(\d{4}年)?\d{1,2}月\d{1,2}日 24:00前/);
    await expect(page.getByTestId('nav-badge-inbox')).toHaveText(/^\d+$/);
  });

  test('econ staff draft an owed report and hand it to their head', async ({ page }) => {
    await signInAndWait(page, 'staff.econ');
    const owed = items(page).and(page.locator('[data-kind="report_owed"]')).first();
    handedOver = await titleOf(owed);
    await owed.getByRole('link', { name: '去办理' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(handedOver);
    await page.getByRole('textbox', { name: '工作进展' }).fill('本月完成项目签约两个，材料已整理');
    const save = page.getByRole('button', { name: '保存草稿' });
    await save.click();
    await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
    reportPath = new URL(page.url()).pathname;

    await page.getByRole('button', { name: '交负责人提交' }).click();
    await expect(page.getByTestId('awaiting-head')).toHaveText(/已交负责人，待其提交/);
    await expect(page.getByRole('button', { name: '交负责人提交' })).toHaveCount(0);

    await page.goto('/home');
    await expect(page.getByTestId('inbox-item').filter({ hasText: handedOver })).toHaveCount(0);
    await page.getByRole('tab', { name: '已办' }).click();
    await expect(items(page).filter({ hasText: handedOver }).first()).toContainText('填报员已交来草稿');
  });

  test('the head is notified, finds the draft waiting in the inbox and submits it', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    const waiting = items(page)
      .and(page.locator('[data-kind="draft_waiting_for_head"]'))
      .filter({ hasText: handedOver });
    await expect(waiting).toHaveCount(1);
    await page.goto('/notifications');
    await expect(page.getByTestId('notification').filter({ hasText: handedOver }).first()).toContainText(
      '报告草稿已交您提交',
    );

    await page.goto('/home');
    await waiting.getByRole('link', { name: '去办理' }).click();
    await expect(page).toHaveURL(new RegExp(`${reportPath}$`));
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('待审核');
  });

  test('the committee returns it from the review queue', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await expect(page.getByTestId('nav-badge-reviews')).toHaveText(/^\d+$/);
    await openFromNav(page, '审核队列');
    const row = page.getByTestId('review-queue-item').filter({ hasText: handedOver });
    await expect(row).toHaveCount(1);
    await row.getByRole('link', { name: '审核' }).click();
    await expect(page).toHaveURL(new RegExp(`${reportPath}$`));
    const review = page.getByTestId('review-panel');
    await review.getByRole('radio', { name: '退回修改' }).check();
    await review.getByRole('textbox', { name: '审核意见' }).fill('请补充签约金额');
    await review.getByRole('button', { name: '提交审核结论' }).click();
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('已退回');
  });

  test('the head revises the returned report from the inbox and resubmits', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    // The same task may have another returned period in the demo data: take this report's entry.
    const returned = items(page)
      .and(page.locator('[data-kind="report_returned"]'))
      .filter({
        has: page.locator(`a.task[href="${reportPath}"]`),
      });
    await returned.getByRole('link', { name: '去办理' }).click();
    await page.getByRole('button', { name: '修改后重新提交' }).click();
    await page.getByRole('textbox', { name: '工作进展' }).fill('本月完成项目签约两个，签约金额 3.2 亿元');
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('待审核');
  });

  test('the committee sees the resubmission in the queue and what changed, then approves', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await openFromNav(page, '审核队列');
    const row = page.getByTestId('review-queue-item').filter({ hasText: handedOver });
    await expect(row.getByTestId('resubmitted')).toContainText('修改了 1 项');
    await row.getByRole('link', { name: '审核' }).click();

    const changes = page.getByTestId('revision-changes');
    await expect(changes.getByTestId('revision-change')).toHaveCount(1);
    await expect(changes.getByTestId('revision-change')).toContainText('本月完成项目签约两个，材料已整理');
    await expect(changes.getByTestId('revision-change')).toContainText('签约金额 3.2 亿元');

    const review = page.getByTestId('review-panel');
    await review.getByRole('radio', { name: '通过' }).check();
    await review.getByRole('button', { name: '提交审核结论' }).click();
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('已通过');

    await page.goto('/home');
    await page.getByRole('tab', { name: '已办' }).click();
    await expect(items(page).filter({ hasText: handedOver }).first()).toBeVisible();
  });

  test("a co-owning department's 'contribution owed' opens the contribution page for that period", async ({ page }) => {
    // The demo data gives some co-owning head a contribution owed: find whose first inbox page holds one.
    let owner = '';
    let owed: { taskId: string; period: string | null } | undefined;
    for (const username of ['head.sci', 'head.build', 'head.invest', 'head.party', 'head.econ']) {
      const inbox = await apiGet<{ items: { kind: string; taskId: string; period: string | null }[] }>(
        page.request,
        await tokenOf(page.request, username),
        '/api/inbox?limit=50',
      );
      owed = inbox.items.find((item) => item.kind === 'contribution_owed' && item.period !== null);
      if (owed) {
        owner = username;
        break;
      }
    }
    expect(owed, 'a demo head owes a contribution').toBeDefined();
    const period = owed?.period ?? '';

    await signInAndWait(page, owner);
    const item = items(page)
      .and(page.locator('[data-kind="contribution_owed"]'))
      .filter({ has: page.locator(`a[href*="/tasks/${owed?.taskId}/contributions/new"]`) })
      .first();
    await expect(item).toContainText('配合任务待报送材料');
    await item.getByRole('link', { name: '去办理' }).click();
    await expect(page).toHaveURL(new RegExp(`/tasks/${owed?.taskId}/contributions/new\\?period=${period}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('配合情况');
    const [year, month] = period.split('-');
    await expect(page.getByTestId('period-select')).toContainText(new RegExp(`${year}.*${Number(month)}`));
  });
});
