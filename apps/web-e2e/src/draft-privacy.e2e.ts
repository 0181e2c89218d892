import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { DEMO_PASSWORD, signInAndWait } from './support/session';

// Drafts belong to their department until submitted: each department's task page shows its own
// draft and none of the others', the committee sees both.
test.describe.configure({ mode: 'serial' });

const title = `E2E 草稿归属 ${Date.now().toString(36)}`;
const LEAD_DRAFT = '牵头单位尚未提交的进展草稿';
const CO_DRAFT = '配合单位尚未提交的配合草稿';
let taskPath = '';

async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function post<T>(request: APIRequestContext, token: string, path: string, data?: unknown): Promise<T> {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** The task page's reports tab label and history entries, as the signed-in user sees them. */
async function openTask(page: Page, username: string) {
  await signInAndWait(page, username);
  await page.goto(taskPath);
  await expect(page.getByTestId('task-title')).toHaveText(title);
  const reportsTab = page.getByRole('tab', { name: /^进展报告/ });
  await page.getByRole('tab', { name: '历史记录' }).click();
  await expect(page.getByTestId('history-entry').first()).toBeVisible();
  return { reportsTab, history: page.getByTestId('history-entry') };
}

test.describe('Drafts stay with their department on the task page', () => {
  test('econ leads a task co-owned by sci and invest; econ staff and sci staff each draft', async ({ request }) => {
    const committee = await tokenOf(request, 'committee');
    const departments = (await (
      await request.get('/api/departments', { headers: { authorization: `Bearer ${committee}` } })
    ).json()) as { id: string; code: string }[];
    const id = (code: string) => departments.find((d) => d.code === code)?.id;
    const task = await post<{ id: string }>(request, committee, '/api/tasks', {
      workItemCode: 'FA1.3',
      title,
      leadDepartmentId: id('econ'),
      coDepartmentIds: [id('sci'), id('invest')],
      startDate: businessDate(-10),
      dueDate: businessDate(150),
    });
    await post(request, committee, `/api/tasks/${task.id}/assign`);
    const period = businessDate(0).slice(0, 7);
    await post(request, await tokenOf(request, 'staff.econ'), `/api/tasks/${task.id}/progress`, {
      period,
      percentComplete: 20,
      summary: LEAD_DRAFT,
    });
    await post(request, await tokenOf(request, 'staff.sci'), `/api/tasks/${task.id}/contributions`, {
      period,
      percentComplete: 10,
      summary: CO_DRAFT,
    });
    taskPath = `/tasks/${task.id}`;
  });

  test('the lead head sees the department’s draft report, not the co-owner’s draft', async ({ page }) => {
    const { reportsTab, history } = await openTask(page, 'head.econ');
    await expect(reportsTab).toHaveText('进展报告 (1)');
    await expect(history.filter({ hasText: '起草进展报告' })).toHaveCount(1);
    await expect(history.filter({ hasText: '起草配合情况' })).toHaveCount(0);
    await reportsTab.click();
    await expect(page.getByText(LEAD_DRAFT).first()).toBeVisible();
    await expect(page.getByText(CO_DRAFT)).toHaveCount(0);
  });

  test('a co-owner head sees its own draft in the history, not the lead’s draft report', async ({ page }) => {
    const { reportsTab, history } = await openTask(page, 'head.sci');
    await expect(reportsTab).toHaveText('进展报告 (0)');
    await expect(history.filter({ hasText: '创建任务' })).toHaveCount(1);
    await expect(history.filter({ hasText: '起草配合情况' })).toHaveCount(1);
    await expect(history.filter({ hasText: '起草进展报告' })).toHaveCount(0);
    await reportsTab.click();
    await expect(page.getByText('暂无进展报告')).toBeVisible();
    await expect(page.getByText(LEAD_DRAFT)).toHaveCount(0);
  });

  test('the other co-owner sees neither draft', async ({ page }) => {
    const { reportsTab, history } = await openTask(page, 'head.invest');
    await expect(reportsTab).toHaveText('进展报告 (0)');
    await expect(history.filter({ hasText: /起草进展报告|起草配合情况/ })).toHaveCount(0);
  });

  test('the committee sees both drafts, read-only', async ({ page }) => {
    const { reportsTab, history } = await openTask(page, 'committee');
    await expect(reportsTab).toHaveText('进展报告 (1)');
    await expect(history.filter({ hasText: '起草进展报告' })).toHaveCount(1);
    await expect(history.filter({ hasText: '起草配合情况' })).toHaveCount(1);
  });
});
