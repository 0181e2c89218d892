import { expect, test } from '@playwright/test';
import { signInAndWait } from './support/session';

test.describe('What each role is offered', () => {
  test('a department head sees no admin pages, and /admin/users sends them to their to-do list', async ({ page }) => {
    await signInAndWait(page, 'head.sci');

    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link', { name: '重点工作' })).toBeVisible();
    await expect(nav.getByRole('link', { name: '用户管理' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: '部门管理' })).toHaveCount(0);

    await expect(nav.getByRole('link', { name: '督办任务' })).toBeVisible();
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/home$/);
    await page.goto('/admin/departments');
    await expect(page).toHaveURL(/\/home$/);
  });

  test('the administrator sees user and department management, and not the audit log', async ({ page }) => {
    await signInAndWait(page, 'admin');

    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link', { name: '用户管理' })).toBeVisible();
    await expect(nav.getByRole('link', { name: '部门管理' })).toBeVisible();
    await expect(nav.getByRole('link', { name: '审计' })).toHaveCount(0);
    await page.goto('/audit');
    await expect(page).toHaveURL(/\/home$/);
  });

  test('the security administrator starts on the to-do list and is offered no task, dashboard or audit page', async ({
    page,
  }) => {
    await signInAndWait(page, 'secadmin');
    await expect(page).toHaveURL(/\/home$/);

    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link', { name: '用户管理' })).toBeVisible();
    for (const label of ['督办总览', '督办任务', '计划调整', '审计', '部门管理']) {
      await expect(nav.getByRole('link', { name: label })).toHaveCount(0);
    }
    for (const path of ['/tasks', '/dashboard', '/audit']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/home$/);
    }
  });
});
