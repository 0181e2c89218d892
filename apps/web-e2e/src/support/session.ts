import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Demo@2021';

/** Signs in through the sign-in page (Chinese labels: the default language). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

export async function signInAndWait(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await signIn(page, username, password);
  await expect(page).toHaveURL(/\/focus-areas$/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /退出登录|Sign out/ }).click();
  await expect(page).toHaveURL(/\/login/);
}
