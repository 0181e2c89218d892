import { type APIRequestContext, expect, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { DEMO_PASSWORD, signInAndWait } from './support/session';

// 签收 and 催办 in the browser: the lead department accepts a task; the committee urges it, the
// department marks the urge read and answers it.
test.describe.configure({ mode: 'serial' });

const title = `E2E 督办签收 ${Date.now().toString(36)}`;
let taskPath = '';

async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

test.describe('Receipt and urging of a task', () => {
  test.beforeAll(async ({ request }) => {
    const token = await tokenOf(request, 'committee');
    const headers = { authorization: `Bearer ${token}` };
    const departments = (await (await request.get('/api/departments', { headers })).json()) as {
      id: string;
      code: string;
    }[];
    const created = await request.post('/api/tasks', {
      headers,
      data: {
        workItemCode: 'FA2.1',
        title,
        leadDepartmentId: departments.find((d) => d.code === 'econ')?.id,
        startDate: businessDate(-5),
        dueDate: businessDate(120),
      },
    });
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    expect((await request.post(`/api/tasks/${id}/assign`, { headers, data: {} })).status()).toBe(200);
    taskPath = `/tasks/${id}`;
  });

  test('the lead department’s head accepts the task', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(taskPath);
    await expect(page.getByTestId('receipt-state')).toHaveText('待签收');
    await expect(page.getByTestId('decline-task')).toBeVisible();
    await page.getByTestId('accept-task').click();
    await page.getByRole('dialog').getByRole('button', { name: '签收', exact: true }).click();
    await expect(page.getByTestId('receipt-state')).toHaveText('已签收');
    await expect(page.getByTestId('accept-task')).toHaveCount(0);
  });

  test('the committee urges it with a date to answer by', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto(taskPath);
    await page.getByRole('tab', { name: '催办' }).click();
    await page.getByRole('textbox', { name: '催办内容' }).fill('请于本周内报送项目推进情况');
    await page.getByTestId('urge-form').getByLabel('答复期限').fill(businessDate(3));
    await page.getByTestId('urge-form').getByRole('button', { name: '催办' }).click();
    await expect(page.getByTestId('urge')).toHaveCount(1);
    await expect(page.getByTestId('urge')).toContainText('请于本周内报送项目推进情况');
    await expect(page.getByTestId('urge')).toContainText('待答复');
  });

  test('the department marks it read and its head answers', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(`${taskPath}?tab=urges`);
    const urge = page.getByTestId('urge');
    await urge.getByRole('button', { name: '已阅' }).click();
    // Read: the button gives way to who read it, and when.
    await expect(urge.getByRole('button', { name: '已阅' })).toHaveCount(0);
    await expect(urge).toContainText('已阅');
    await urge.getByRole('button', { name: '答复' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('已召开调度会，项目本月开工');
    await page.getByRole('dialog').getByRole('button', { name: '答复' }).click();
    await expect(page.getByTestId('urge-response')).toContainText('已召开调度会，项目本月开工');
    await expect(urge).toContainText('已答复');
  });
});
