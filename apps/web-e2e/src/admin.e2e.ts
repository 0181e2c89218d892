import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, chooseNewPassword, signIn, signInAndWait, signOut } from './support/session';

test.describe('Administration', () => {
  test('the admin creates a department and a user in it, who can then sign in', async ({ page }) => {
    const suffix = Date.now().toString(36);
    const code = `e2e${suffix}`;
    const departmentName = `测试局${suffix}`;
    const username = `tester.${suffix}`;
    const displayName = `测试员${suffix}`;
    const password = 'Welcome2021!';

    await signInAndWait(page, 'admin');

    await page.getByRole('navigation').getByRole('link', { name: '部门管理' }).click();
    await page.getByRole('button', { name: '新建部门' }).click();
    const departmentDialog = page.getByRole('dialog');
    await expect(departmentDialog.getByLabel('部门代码')).toBeFocused();
    await departmentDialog.getByLabel('部门代码').fill(code);
    await departmentDialog.getByLabel('部门名称').fill(departmentName);
    await departmentDialog.getByLabel('英文名称（可选）').fill('E2E Test Bureau');
    await departmentDialog.getByRole('button', { name: '保存' }).click();
    await expect(departmentDialog).toBeHidden();
    await expect(page.getByTestId(`department-${code}`)).toContainText(departmentName);

    await page.getByRole('navigation').getByRole('link', { name: '用户管理' }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    const userDialog = page.getByRole('dialog');
    await expect(userDialog.getByLabel('用户名')).toBeFocused();
    await userDialog.getByLabel('用户名').fill(username);
    await userDialog.getByLabel('姓名').fill(displayName);
    await userDialog.getByRole('combobox', { name: '角色' }).click();
    await page.getByRole('option', { name: '部门负责人' }).click();
    await userDialog.getByRole('combobox', { name: '所属部门' }).click();
    await page.getByRole('option', { name: departmentName }).click();
    await userDialog.getByLabel('初始密码', { exact: true }).fill(password);
    await userDialog.getByRole('button', { name: '保存' }).click();
    await expect(userDialog).toBeHidden();
    await page.getByLabel('搜索用户名或姓名').fill(username);
    await expect(page.getByTestId(`user-${username}`)).toContainText(departmentName);

    await signOut(page);
    // The password the admin chose is replaced by one only the user knows, at the first sign-in.
    await signIn(page, username, password);
    await expect(page.getByText('您的密码由管理员设置')).toBeVisible();
    await chooseNewPassword(page, `${password}-mine`);
    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByTestId('identity')).toContainText(displayName);
    await expect(page.getByTestId('identity')).toContainText('部门负责人');
  });

  test('the api’s field errors show on the form fields', async ({ page }) => {
    await signInAndWait(page, 'admin');
    await page.goto('/admin/departments');
    await page.getByRole('button', { name: '新建部门' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('部门代码')).toBeFocused();

    // The demo data already has a department "econ".
    await dialog.getByLabel('部门代码').fill('econ');
    await dialog.getByLabel('部门名称').fill('重复的部门');
    await dialog.getByRole('button', { name: '保存' }).click();

    await expect(dialog).toBeVisible();
    const codeField = dialog.locator('mat-form-field').filter({ hasText: '部门代码' });
    await expect(codeField.locator('mat-error')).toHaveText('已被使用，请换一个');
  });

  test('what the admin typed survives a reload of the page', async ({ page }) => {
    await signInAndWait(page, 'admin');
    await page.goto('/admin/departments');
    await page.getByRole('button', { name: '新建部门' }).click();
    // The dialog moves focus to its first field once open; typing before that would race it.
    await expect(page.getByRole('dialog').getByLabel('部门代码')).toBeFocused();
    await page.getByRole('dialog').getByLabel('部门代码').fill('draftdept');
    await page.getByRole('dialog').getByLabel('部门名称').fill('草稿中的部门');

    await page.reload();

    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('已恢复上次未保存的内容')).toBeVisible();
    await expect(dialog.getByLabel('部门代码')).toHaveValue('draftdept');
    await expect(dialog.getByLabel('部门名称')).toHaveValue('草稿中的部门');

    await dialog.getByRole('button', { name: '取消' }).click();
    await page.reload();
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('a password typed for a new user is never kept in the browser', async ({ page }) => {
    await signInAndWait(page, 'admin');
    await page.goto('/admin/users');
    await page.getByRole('button', { name: '新建用户' }).click();
    await expect(page.getByRole('dialog').getByLabel('用户名')).toBeFocused();
    await page.getByRole('dialog').getByLabel('姓名').fill('草稿用户');
    await page.getByRole('dialog').getByLabel('初始密码', { exact: true }).fill(DEMO_PASSWORD);

    const stored = await page.evaluate(() => JSON.stringify(localStorage));

    expect(stored).toContain('草稿用户');
    expect(stored).not.toContain(DEMO_PASSWORD);
  });

  test('two admins edit the same department: the second is told, keeps their typing, and saves on top', async ({
    browser,
  }) => {
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    await signInAndWait(first, 'admin');
    await signInAndWait(second, 'admin');
    await first.goto('/admin/departments');
    await second.goto('/admin/departments');

    // Both open the same record as it is now.
    await second.getByRole('button', { name: '编辑 社会事业局' }).click();
    const secondDialog = second.getByRole('dialog');
    await expect(secondDialog.getByLabel('部门名称')).toBeFocused();
    await first.getByRole('button', { name: '编辑 社会事业局' }).click();
    const firstDialog = first.getByRole('dialog');
    await expect(firstDialog.getByLabel('部门名称')).toBeFocused();

    // The first renames it in English and saves.
    await firstDialog.getByLabel('英文名称（可选）').fill('Bureau of Social Affairs');
    await firstDialog.getByRole('button', { name: '保存' }).click();
    await expect(firstDialog).toBeHidden();

    // The second, still on the old version, changes the Chinese name.
    await secondDialog.getByLabel('部门名称').fill('社会事业发展局');
    await secondDialog.getByRole('button', { name: '保存' }).click();

    await expect(secondDialog.getByText('该记录刚被他人修改')).toBeVisible();
    await expect(secondDialog.getByLabel('部门名称')).toHaveValue('社会事业发展局');
    await expect(secondDialog.getByLabel('英文名称（可选）')).toHaveValue('Bureau of Social Affairs');

    await secondDialog.getByRole('button', { name: '保存' }).click();
    await expect(secondDialog).toBeHidden();
    const row = second.getByTestId('department-social');
    await expect(row).toContainText('社会事业发展局');
    await expect(row).toContainText('Bureau of Social Affairs');
    await first.context().close();
    await second.context().close();
  });

  test('a locked account cannot sign in until the security administrator unlocks it', async ({ page }) => {
    await signInAndWait(page, 'secadmin');
    await page.goto('/admin/users');
    await page.getByLabel('搜索用户名或姓名').fill('staff.party');
    const row = page.getByTestId('user-staff.party');
    await expect(page.getByRole('row')).toHaveCount(2);

    await row.getByRole('button', { name: '操作 staff.party' }).click();
    await page.getByRole('menuitem', { name: '锁定账号' }).click();
    // Locking asks first; cancelling changes nothing.
    const confirm = page.getByRole('dialog');
    await expect(confirm).toContainText('锁定后该用户立即退出');
    await confirm.getByRole('button', { name: '取消' }).click();
    await expect(row).toContainText('正常');
    await row.getByRole('button', { name: '操作 staff.party' }).click();
    await page.getByRole('menuitem', { name: '锁定账号' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '锁定账号' }).click();
    await expect(row).toContainText('已锁定');

    await signOut(page);
    await signIn(page, 'staff.party');
    await expect(page.getByRole('alert')).toHaveText(/该账号已被管理员锁定/);

    await signInAndWait(page, 'secadmin');
    await page.goto('/admin/users');
    await page.getByLabel('搜索用户名或姓名').fill('staff.party');
    await expect(page.getByRole('row')).toHaveCount(2);
    await row.getByRole('button', { name: '操作 staff.party' }).click();
    await page.getByRole('menuitem', { name: '解除锁定' }).click();
    await expect(row).toContainText('正常');

    await signOut(page);
    await signInAndWait(page, 'staff.party');
  });

  test('三员分立: each administrator is offered only their own part of an account', async ({ page }) => {
    await signInAndWait(page, 'admin');
    await page.goto('/admin/users');
    await page.getByLabel('搜索用户名或姓名').fill('staff.social');
    const row = page.getByTestId('user-staff.social');
    await expect(page.getByRole('row')).toHaveCount(2);
    await row.getByRole('button', { name: '操作 staff.social' }).click();
    await expect(page.getByRole('menuitem', { name: '编辑' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: '重置密码' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: '更改角色' })).toHaveCount(0);
    await expect(page.getByRole('menuitem', { name: '锁定账号' })).toHaveCount(0);
    await page.keyboard.press('Escape');
    // A new account gets a department role; any other is granted by the security administrator.
    await page.getByRole('button', { name: '新建用户' }).click();
    await page.getByRole('dialog').getByRole('combobox', { name: '角色' }).click();
    await expect(page.getByRole('option')).toHaveText(['部门负责人', '部门填报员']);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await signOut(page);

    await signInAndWait(page, 'secadmin');
    await page.goto('/admin/users');
    await expect(page.getByRole('button', { name: '新建用户' })).toHaveCount(0);
    await page.getByLabel('搜索用户名或姓名').fill('staff.social');
    await expect(page.getByRole('row')).toHaveCount(2);
    await row.getByRole('button', { name: '操作 staff.social' }).click();
    await expect(page.getByRole('menuitem', { name: '编辑' })).toHaveCount(0);
    await expect(page.getByRole('menuitem', { name: '重置密码' })).toHaveCount(0);
    await expect(page.getByRole('menuitem', { name: '重置双因素认证' })).toBeVisible();
    await page.getByRole('menuitem', { name: '更改角色' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('姓名')).toHaveCount(0);
    await dialog.getByRole('combobox', { name: '角色' }).click();
    await page.getByRole('option', { name: '部门负责人' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('部门负责人');
  });
});
