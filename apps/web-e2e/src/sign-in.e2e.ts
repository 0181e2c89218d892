import { expect, test } from '@playwright/test';
import { openFromNav, signIn, signInAndWait } from './support/session';

test.describe('Signing in', () => {
  test('a department head lands on their to-do list; the focus areas list all 8 areas and 30 work items', async ({
    page,
  }) => {
    await signInAndWait(page, 'head.econ');
    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的待办');

    await openFromNav(page, '重点工作');

    await expect(page.getByRole('heading', { level: 1 })).toContainText('八个“聚焦”');
    await expect(page.getByTestId('focus-area')).toHaveCount(8);
    await expect(page.getByTestId('work-item')).toHaveCount(30);
    await expect(page.getByTestId('focus-areas-summary')).toHaveText('8 个重点领域，30 项工作');
    await expect(page.getByRole('heading', { name: '聚焦创新驱动' })).toBeVisible();
    await expect(page.getByText('着力在推进自主创新示范区建设上抓落实求突破')).toBeVisible();
    await expect(page.getByText('加快建设高能级发展平台')).toBeVisible();
    await expect(page.getByText('深入推进党风廉政建设和反腐败斗争')).toBeVisible();
    // Who is signed in, and in which role.
    await expect(page.getByTestId('identity')).toContainText('部门负责人');
  });

  test('a wrong password says so clearly and stays on the sign-in page', async ({ page }) => {
    await signIn(page, 'staff.sci', 'not-the-password');

    await expect(page.getByRole('alert')).toHaveText(/用户名或密码错误/);
    await expect(page).toHaveURL(/\/login/);
    // The name stays, the password is cleared for the retry.
    await expect(page.getByLabel('用户名', { exact: true })).toHaveValue('staff.sci');
    await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
  });

  test('the committee lands on its to-do list, the overview one click away', async ({ page }) => {
    await signInAndWait(page, 'committee');

    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的待办');
    await openFromNav(page, '督办总览');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('督办总览');
  });

  test('a page asked for before signing in opens right after it', async ({ page }) => {
    await page.goto('/admin/departments');
    await expect(page).toHaveURL(/\/login\?returnUrl=%2Fadmin%2Fdepartments/);

    await page.getByLabel('用户名', { exact: true }).fill('admin');
    await page.getByLabel('密码', { exact: true }).fill('Demo@2021');
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await expect(page).toHaveURL(/\/admin\/departments$/);
    await expect(page.getByRole('heading', { name: '部门管理' })).toBeVisible();
  });

  test('after five failures the account is locked, and the page says how long to wait', async ({ page }) => {
    // Failures count per submitted name, existing or not: a name of its own keeps other journeys unaffected.
    const username = `nobody.${Date.now().toString(36)}`;
    await page.goto('/login');
    await page.getByLabel('用户名', { exact: true }).fill(username);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('密码', { exact: true }).fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      // The answer has arrived once the password is cleared for the retry.
      await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
      await expect(page.getByRole('alert')).toHaveText(/用户名或密码错误/);
    }

    await page.getByLabel('密码', { exact: true }).fill('wrong-6');
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await expect(page.getByRole('alert')).toHaveText(/账号已暂时锁定，请 15 分钟后再试/);
    await expect(page).toHaveURL(/\/login/);
  });
});
