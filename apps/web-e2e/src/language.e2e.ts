import { expect, test } from '@playwright/test';
import { openFromNav, signInAndWait, signOut } from './support/session';

test.describe('Language', () => {
  test('switching to English changes the labels and is remembered across a reload and the next sign-in', async ({
    page,
  }) => {
    await signInAndWait(page, 'staff.build');
    await openFromNav(page, '重点工作');
    await expect(page).toHaveURL(/\/focus-areas$/);

    await page.getByRole('button', { name: 'English' }).click();

    await expect(page.getByRole('navigation').getByRole('link', { name: 'Focus areas', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/2021 focus areas/);
    await expect(page.getByText('Speed up building high-level development platforms')).toBeVisible();
    // The Chinese reference text stays visible beside the translation.
    await expect(page.getByText('加快建设高能级发展平台')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.reload();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Focus areas', exact: true })).toBeVisible();
    await expect(page.getByTestId('identity')).toContainText('Department staff');

    // Signed out, the sign-in page keeps the language; signing in again restores it from the profile.
    await signOut(page);
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
    await signInAndWait(page, 'staff.build');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Focus areas', exact: true })).toBeVisible();

    // And back to Chinese.
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.getByRole('navigation').getByRole('link', { name: '重点工作', exact: true })).toBeVisible();
  });
});
