import { expect, test } from '@playwright/test';
import { openFromNav, signInAndWait } from './support/session';

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

test.describe('On a phone (375 px)', () => {
  test('the focus areas fit the screen and the navigation opens from the menu button', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await openFromNav(page, '重点工作');

    await expect(page.getByTestId('work-item')).toHaveCount(30);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await expect(page.getByRole('navigation').getByRole('link', { name: '重点工作', exact: true })).toBeHidden();
    // The overview and the task list fit too.
    for (const path of ['/dashboard', '/tasks']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(wide).toBeLessThanOrEqual(0);
    }
    await page.getByRole('button', { name: '打开导航菜单' }).click();
    await expect(page.getByRole('navigation').getByRole('link', { name: '重点工作', exact: true })).toBeVisible();
    await expect(page.getByTestId('identity')).toContainText('管委会');
  });
});
