import { expect, type Page, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { signInAndWait } from './support/session';

const API = '**/api/**';

/** From now on every api call answers as the api does while its database is down. */
async function takeTheApiDown(page: Page): Promise<void> {
  await page.route(API, (route) =>
    route.fulfill({
      status: 503,
      headers: { 'Retry-After': '1', 'Content-Type': 'application/problem+json' },
      body: JSON.stringify({
        type: 'urn:zibo:problem:unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database cannot be reached or is overloaded right now. Try again in 1 seconds.',
        retryAfter: 1,
      }),
    }),
  );
}

async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('While the service is unavailable', () => {
  test('the user stays signed in, keeps what they typed, and sees a banner until the api answers again', async ({
    page,
  }) => {
    const title = `停服期间填写的任务 ${Date.now().toString(36)}`;
    await signInAndWait(page, 'committee');
    await page.goto('/tasks/new');
    await choose(page, '工作事项', 'FA1.1 加快建设高能级发展平台');
    await choose(page, '牵头单位', '经济发展局');
    await page.getByLabel('完成时限').fill(businessDate(90));

    await takeTheApiDown(page);
    // Typing and saving while it is down.
    await page.getByRole('textbox', { name: '任务名称' }).fill(title);
    await page.getByRole('button', { name: '保存为草稿' }).click();

    const banner = page.getByRole('status').filter({ hasText: '服务暂时不可用，正在重试…' });
    await expect(banner).toBeVisible();
    await expect(page.getByText('服务暂时不可用，请稍后重试；您填写的内容已保留')).toBeVisible();
    await expect(page).toHaveURL(/\/tasks\/new$/);
    await expect(page.getByRole('textbox', { name: '任务名称' })).toHaveValue(title);
    await expect(page.getByTestId('identity')).toContainText('管委会');
    // Still retrying a little later: no sign-out, the text still there.
    await page.waitForTimeout(2_500);
    await expect(banner).toBeVisible();
    await expect(page).toHaveURL(/\/tasks\/new$/);
    await expect(page.getByTestId('identity')).toContainText('管委会');

    // The api is back: the next retry gets through and the banner goes by itself.
    await page.unroute(API);
    await expect(banner).toBeHidden({ timeout: 20_000 });
    await expect(page.getByRole('textbox', { name: '任务名称' })).toHaveValue(title);

    // The same session saves what was typed during the outage.
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('task-title')).toHaveText(title);
  });
});
