import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Demo@2021';

/** Signs in through the sign-in page (Chinese labels: the default language). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/**
 * Signs in and waits for the start page: every role's to-do inbox (待办).
 */
export async function signInAndWait(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await signIn(page, username, password);
  await expect(page).toHaveURL(/\/home$/);
}

/** Opens a page from the side navigation (on a phone the menu opens first). */
export async function openFromNav(page: Page, label: string): Promise<void> {
  const link = page.getByRole('navigation').getByRole('link', { name: label, exact: true });
  if (!(await link.isVisible())) {
    await page.getByRole('button', { name: /打开导航菜单|Open the navigation menu/ }).click();
  }
  await link.click();
}

/** Signs out from the account menu in the toolbar. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('account-menu').click();
  await page.getByRole('menuitem', { name: /退出登录|Sign out/ }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** The forced step after signing in with a password an administrator set: choose a new one. */
export async function chooseNewPassword(page: Page, password: string): Promise<void> {
  await expect(page).toHaveURL(/\/login\/next$/);
  await page.getByLabel('新密码', { exact: true }).fill(password);
  await page.getByLabel('再次输入新密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '保存新密码' }).click();
}
