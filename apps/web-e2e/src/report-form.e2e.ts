import { expect, test } from '@playwright/test';
import { apiGet, apiPatch, tokenOf } from './support/api';
import { businessDate } from './support/dates';
import { signInAndWait } from './support/session';
import { samplePdf } from './support/evidence';

// The report form's headline number and the fields around it, as a department head meets them.
test.describe.configure({ mode: 'serial' });

interface TaskListItemView {
  id: string;
  leadDepartmentId: string;
  status: string;
  reportingCycle: string;
  percentComplete: number;
  latestReport: { period: string; status: string } | null;
}

const current = businessDate(0).slice(0, 7);
let taskId = '';
let counted = 0;
let reportPath = '';

test.describe('The report form', () => {
  test('a demo task of econ has a counted percent and no report for this month yet', async ({ request }) => {
    const head = await tokenOf(request, 'head.econ');
    const me = await apiGet<{ departmentId: string }>(request, head, '/api/me');
    const tasks = await apiGet<{ items: TaskListItemView[] }>(request, head, '/api/tasks?limit=500');
    const task = tasks.items.find(
      (t) =>
        t.leadDepartmentId === me.departmentId &&
        t.status === 'in_progress' &&
        t.reportingCycle === 'monthly' &&
        t.percentComplete > 10 &&
        t.percentComplete < 70 &&
        t.latestReport !== null &&
        t.latestReport.period < current &&
        ['submitted', 'approved'].includes(t.latestReport.status),
    );
    expect(task, 'the demo data holds such a task').toBeDefined();
    taskId = task?.id ?? '';
    counted = task?.percentComplete ?? 0;
  });

  test('the slider and the number box are one value: type 80, press ← on the slider, 79 is saved', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(`/tasks/${taskId}/reports/new?period=${current}`);
    const box = page.getByRole('spinbutton', { name: '完成度' });
    const slider = page.getByTestId('percent-slider');
    await expect(box).toHaveValue(String(counted));
    // The head reports themself: nobody to wait for.
    await expect(page.getByTestId('awaiting-head')).toHaveCount(0);

    await box.fill('80');
    await expect(slider).toHaveValue('80');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(slider).toHaveValue('79');
    await expect(box).toHaveValue('79');
    // The percent rose: no reason is asked for.
    await expect(page.getByTestId('decrease-reason-field')).toHaveCount(0);

    await page.getByRole('textbox', { name: '工作进展' }).fill('本期推进顺利');
    // Evidence from the first moment: picking a PDF before any save saves the draft first, moves to
    // the saved report's address, then attaches the file; what was typed stays.
    await page.getByTestId('attachment-input').setInputFiles({
      name: '首次证明材料.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(),
    });
    await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('attachment')).toContainText('首次证明材料.pdf');
    await expect(page.getByRole('textbox', { name: '工作进展' })).toHaveValue('本期推进顺利');
    reportPath = new URL(page.url()).pathname;
    await expect(box).toHaveValue('79');
    await expect(slider).toHaveValue('79');
    await page.goBack();
    await expect(page).not.toHaveURL(/\/reports\/new/);

    const saved = await apiGet<{ percentComplete: number }>(
      page.request,
      await tokenOf(page.request, 'head.econ'),
      `/api${reportPath.replace(/^\/tasks\/[^/]+\/reports/, '/progress')}`,
    );
    expect(saved.percentComplete).toBe(79);
  });

  test('a saved draft above the counted percent opens without a reason field, even after a reload', async ({
    page,
  }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(reportPath);
    await expect(page.getByRole('spinbutton', { name: '完成度' })).toHaveValue('79');
    await expect(page.getByTestId('decrease-reason-field')).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('spinbutton', { name: '完成度' })).toHaveValue('79');
    await expect(page.getByTestId('decrease-reason-field')).toHaveCount(0);

    // Below the percent that counts the reason is asked for, and it goes again when the percent rises.
    await page.getByRole('spinbutton', { name: '完成度' }).fill(String(counted - 5));
    await expect(page.getByTestId('decrease-reason-field')).toBeVisible();
    await page.getByRole('spinbutton', { name: '完成度' }).fill(String(counted + 5));
    await expect(page.getByTestId('decrease-reason-field')).toHaveCount(0);
  });

  test('after someone else saved first (412) the form reloads without a false, red reason field', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(reportPath);
    await expect(page.getByRole('spinbutton', { name: '完成度' })).toHaveValue('79');
    const id = reportPath.split('/').pop() ?? '';
    const staff = await tokenOf(page.request, 'staff.econ');
    const report = await apiGet<{ version: number }>(page.request, staff, `/api/progress/${id}`);
    await apiPatch(page.request, staff, `/api/progress/${id}`, report.version, { nextSteps: '下月完成验收' });

    await page.getByRole('textbox', { name: '存在问题（可选）' }).fill('资金到位偏慢');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.getByText('该记录刚被他人修改，已载入最新版本')).toBeVisible();
    await expect(page.getByTestId('decrease-reason-field')).toHaveCount(0);
    await expect(page.getByRole('spinbutton', { name: '完成度' })).toHaveValue('79');
  });

  test('the deadline is worded as the end of its due day, and submitting asks first', async ({ page }) => {
    await signInAndWait(page, 'head.econ');
    await page.goto(reportPath);
    await expect(page.getByText(/报送截止：(\d{4}年)?\d{1,2}月\d{1,2}日 24:00前/)).toBeVisible();

    await page.getByRole('button', { name: '提交审核' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('提交后报告不能再修改');
    await dialog.getByRole('button', { name: '取消' }).click();
    // As a user would: the dialog has gone (a click during its closing lands on its backdrop).
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('草稿');

    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();
    await expect(page.locator('app-status-chip[kind="reportStatus"]')).toHaveText('待审核');
  });
});
