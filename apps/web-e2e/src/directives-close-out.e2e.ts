import { type APIRequestContext, expect, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { samplePdf } from './support/evidence';
import { DEMO_PASSWORD, signInAndWait } from './support/session';

// 领导批示 and 办结销号 in the browser: the committee writes a directive, the lead head answers it;
// the head requests close-out after the final report is approved, the committee signs it off, and
// the ledger lists the task as completed with its signer and the evidence the head attached.
test.describe.configure({ mode: 'serial' });

const title = `E2E 批示销号 ${Date.now().toString(36)}`;
let taskPath = '';

async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

test.describe('Directives and close-out of a task', () => {
  test.beforeAll(async ({ request }) => {
    const committee = { authorization: `Bearer ${await tokenOf(request, 'committee')}` };
    const head = { authorization: `Bearer ${await tokenOf(request, 'head.econ')}` };
    const departments = (await (await request.get('/api/departments', { headers: committee })).json()) as {
      id: string;
      code: string;
    }[];
    const created = await request.post('/api/tasks', {
      headers: committee,
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
    expect((await request.post(`/api/tasks/${id}/assign`, { headers: committee, data: {} })).status()).toBe(200);
    expect((await request.post(`/api/tasks/${id}/accept`, { headers: head, data: {} })).status()).toBe(200);
    taskPath = `/tasks/${id}`;
  });

  test('the committee writes a directive with a date to answer by', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto(taskPath);
    const form = page.getByTestId('directive-form');
    await form.getByRole('textbox', { name: '批示内容' }).fill('请主要负责同志亲自调度，一周内报告进展');
    await form.getByLabel('答复期限').fill(businessDate(5));
    await form.getByRole('button', { name: '作出批示' }).click();
    await expect(page.getByTestId('directive')).toHaveCount(1);
    await expect(page.getByTestId('directive')).toContainText('请主要负责同志亲自调度');
    await expect(page.getByTestId('directive')).toContainText('待答复');
  });

  test('the lead department’s head sees it in the inbox and answers it', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto('/');
    await expect(page.getByText('领导批示待答复').first()).toBeVisible();
    await page.goto(taskPath);
    const directive = page.getByTestId('directive');
    await directive.getByTestId('respond-directive').click();
    await page.getByRole('dialog').getByRole('textbox').fill('已召开专题会，明确责任人和时间表');
    await page.getByRole('dialog').getByRole('button', { name: '答复批示' }).click();
    await expect(page.getByTestId('directive-response')).toContainText('已召开专题会，明确责任人和时间表');
    await expect(directive).toContainText('已答复');
  });

  test('after the final report is approved, the head requests close-out', async ({ page, request }) => {
    const head = { authorization: `Bearer ${await tokenOf(request, 'head.econ')}` };
    const committee = { authorization: `Bearer ${await tokenOf(request, 'committee')}` };
    const id = taskPath.split('/').pop() ?? '';
    const report = await request.post(`/api/tasks/${id}/progress`, {
      headers: head,
      data: { period: businessDate().slice(0, 7), percentComplete: 100, summary: '全部完成', final: true },
    });
    expect(report.status()).toBe(201);
    const reportId = ((await report.json()) as { id: string }).id;
    expect((await request.post(`/api/progress/${reportId}/submit`, { headers: head, data: {} })).status()).toBe(200);
    const review = await request.post(`/api/progress/${reportId}/review`, {
      headers: committee,
      data: { decision: 'approve' },
    });
    expect(review.status()).toBe(200);

    await signInAndWait(page, 'head.econ');
    await page.goto(taskPath);
    await expect(page.getByTestId('close-out-state')).toHaveText('尚未申请办结销号');
    await page.getByTestId('request-close-out').click();
    await page.getByRole('dialog').getByRole('textbox').fill('各项目标均已完成，申请办结销号');
    await page.getByRole('dialog').getByRole('button', { name: '申请办结销号' }).click();
    await expect(page.getByTestId('close-out-state')).toHaveText('已申请办结销号，待管委会审核');
    await expect(page.getByTestId('request-close-out')).toHaveCount(0);
    // The acceptance evidence goes with the waiting request.
    await page
      .getByTestId('close-out-evidence')
      .getByTestId('attachment-input')
      .setInputFiles({ name: '验收报告.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await expect(page.getByTestId('close-out-evidence').getByTestId('attachment')).toContainText('验收报告.pdf');
  });

  test('the committee signs it off and the ledger lists it as completed with its signer', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/');
    await expect(page.getByText('办结销号申请待审核').first()).toBeVisible();
    await page.goto(taskPath);
    await expect(page.getByTestId('reject-close-out')).toBeVisible();
    // The committee sees the evidence while deciding; it cannot change it.
    await expect(page.getByTestId('close-out-evidence').getByTestId('attachment')).toContainText('验收报告.pdf');
    await expect(page.getByTestId('close-out-evidence').getByTestId('attachment-input')).toHaveCount(0);
    await page.getByTestId('sign-off').click();
    await page.getByRole('dialog').getByRole('button', { name: '办结' }).click();
    await expect(page.getByTestId('close-out-state')).toHaveText('已办结销号');
    await expect(page.getByTestId('close-out-signed')).toContainText('管委会督查室');
    // Read-only now: no directive form, no close-out buttons.
    await expect(page.getByTestId('directive-form')).toHaveCount(0);
    await expect(page.getByTestId('sign-off')).toHaveCount(0);

    await page.goto(`/ledger?period=${businessDate().slice(0, 7)}`);
    const row = page.getByTestId('ledger-task').filter({ hasText: title });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('已办结');
    await expect(row.getByTestId('ledger-close-out')).toContainText('管委会督查室');
    await expect(row.getByTestId('ledger-close-out')).toContainText('验收报告.pdf');
    await expect(row).toContainText('请主要负责同志亲自调度');
  });
});
