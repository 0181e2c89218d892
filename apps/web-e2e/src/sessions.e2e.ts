import { expect, type Page, test } from '@playwright/test';
import { generate } from 'otplib';
import { chooseNewPassword, signIn, signInAndWait, signOut } from './support/session';

/** The current code of an authenticator holding `secret`, in a time step not used before. */
async function freshCode(secret: string, usedSteps: Set<number>): Promise<string> {
  // The api accepts each 30-second step once: wait for the next one if this one was used.
  while (usedSteps.has(Math.floor(Date.now() / 30_000))) await new Promise((r) => setTimeout(r, 500));
  usedSteps.add(Math.floor(Date.now() / 30_000));
  return generate({ secret });
}

async function enrolFromSecurityPage(page: Page, usedSteps: Set<number>): Promise<string> {
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole('img', { name: '用于添加到身份验证器应用的二维码' })).toBeVisible();
  await page.getByLabel('6 位验证码').fill(await freshCode(secret, usedSteps));
  await page.getByRole('button', { name: '验证并启用' }).click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  return secret;
}

test.describe('Sessions and the second factor', () => {
  test('a department head turns on the second factor, then signs in with a code from the authenticator', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const used = new Set<number>();
    await signInAndWait(page, 'staff.approval');
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: '账号安全' }).click();
    await expect(page.getByTestId('mfa-status')).toContainText('未启用');
    await page.getByRole('button', { name: '启用双因素认证' }).click();
    const secret = await enrolFromSecurityPage(page, used);
    const codes = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents();
    await page.getByRole('button', { name: '我已保存恢复码，继续' }).click();
    await expect(page.getByTestId('mfa-status')).toContainText('已启用');

    await signOut(page);
    await signIn(page, 'staff.approval');
    await expect(page.getByText('请输入身份验证器应用中的验证码')).toBeVisible();
    await page.getByLabel('验证码或恢复码').fill('000000');
    await page.getByRole('button', { name: '验证', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('验证码不正确或已使用');
    await page.getByLabel('验证码或恢复码').fill(await freshCode(secret, used));
    await page.getByRole('button', { name: '验证', exact: true }).click();
    await expect(page).toHaveURL(/\/home$/);

    // A recovery code works once instead of the phone.
    await signOut(page);
    await signIn(page, 'staff.approval');
    await page.getByLabel('验证码或恢复码').fill(codes[0]?.trim() ?? '');
    await page.getByRole('button', { name: '验证', exact: true }).click();
    await expect(page).toHaveURL(/\/home$/);
  });

  test('a new committee member is made to choose a password and enrol before the first page', async ({ page }) => {
    test.setTimeout(150_000);
    const username = `leader.${Date.now().toString(36)}`;
    await signInAndWait(page, 'admin');
    await page.goto('/admin/users');
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('用户名')).toBeFocused();
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('新任领导');
    await dialog.getByRole('combobox', { name: '角色' }).click();
    await page.getByRole('option', { name: '部门填报员' }).click();
    await dialog.getByRole('combobox', { name: '所属部门' }).click();
    await page.getByRole('option', { name: '党群工作部' }).click();
    await dialog.getByLabel('初始密码', { exact: true }).fill('Initial-2021-kite');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toBeHidden();
    await signOut(page);

    // 三员分立: the security administrator grants the committee role.
    await signInAndWait(page, 'secadmin');
    await page.goto('/admin/users');
    await page.getByLabel('搜索用户名或姓名').fill(username);
    const row = page.getByTestId(`user-${username}`);
    // The search narrows the list to this one user before its menu is opened.
    await expect(page.getByRole('row').filter({ has: page.getByRole('button', { name: /^操作 / }) })).toHaveCount(1);
    await row.getByRole('button', { name: `操作 ${username}` }).click();
    await page.getByRole('menuitem', { name: '更改角色' }).click();
    const roleDialog = page.getByRole('dialog');
    await roleDialog.getByRole('combobox', { name: '角色' }).click();
    await page.getByRole('option', { name: '管委会' }).click();
    await roleDialog.getByRole('button', { name: '保存' }).click();
    await expect(roleDialog).toBeHidden();
    await expect(row).toContainText('管委会');
    await signOut(page);

    await signIn(page, username, 'Initial-2021-kite');
    await chooseNewPassword(page, 'My-own-lantern-2021');
    await expect(page.getByText('您的角色要求启用双因素认证，请先完成设置')).toBeVisible();
    await enrolFromSecurityPage(page, new Set());
    await page.getByRole('button', { name: '我已保存恢复码，继续' }).click();
    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByTestId('identity')).toContainText('新任领导');
  });

  test('a reload keeps the session (through the refresh cookie); no token is kept in the page’s storage', async ({
    page,
  }) => {
    await signInAndWait(page, 'head.sci');
    await page.goto('/focus-areas');
    await page.reload();
    await expect(page).toHaveURL(/\/focus-areas$/);
    await expect(page.getByTestId('identity')).toContainText('科技创新局负责人');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    // The refresh cookie is out of the page's reach.
    expect(await page.evaluate(() => document.cookie)).not.toContain('zibo_refresh');
  });

  test('signing out really signs out: the token stops working on the server at once', async ({ page, request }) => {
    const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.status() === 200);
    await signInAndWait(page, 'staff.sci');
    const { accessToken } = (await (await login).json()) as { accessToken: string };
    const before = await request.get('/api/me', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(before.status()).toBe(200);

    await signOut(page);
    const after = await request.get('/api/me', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(after.status()).toBe(401);
    // Nor does a reload bring the session back.
    await page.goto('/tasks');
    await expect(page).toHaveURL(/\/login/);
  });

  test('after 29 idle minutes a warning asks to stay; at 30 the app signs out', async ({ page }) => {
    await page.clock.install();
    await signInAndWait(page, 'head.invest');

    await page.clock.fastForward('29:05');
    const warning = page.getByRole('dialog');
    await expect(warning.getByText('即将退出登录')).toBeVisible();
    await warning.getByRole('button', { name: '保持登录' }).click();
    await expect(warning).toBeHidden();
    await expect(page.getByTestId('identity')).toBeVisible();

    await page.clock.fastForward('29:05');
    await expect(page.getByRole('dialog').getByText('即将退出登录')).toBeVisible();
    await page.clock.fastForward('01:00');
    await expect(page).toHaveURL(/\/login\?reason=idle/);
    await expect(page.getByText('由于长时间未操作，您已退出登录')).toBeVisible();
  });
});
