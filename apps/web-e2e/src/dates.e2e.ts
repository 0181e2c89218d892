import { expect, type Page, test } from '@playwright/test';
import { apiGet, tokenOf } from './support/api';
import { businessDate } from './support/dates';
import { signInAndWait } from './support/session';

// A laptop set to New York: its local midnight is 13:00 in Zibo, where a date handled as a local
// `Date` would slip a day. The business calendar (Asia/Shanghai) decides what "today" is.
test.use({ timezoneId: 'America/New_York' });

/** The 15th of the month after the business "today", as the calendar's "next month" button leads to. */
function fifteenthOfNextMonth(): string {
  const [year, month] = businessDate(0).split('-').map(Number);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return `${next.year}-${String(next.month).padStart(2, '0')}-15`;
}

async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('Date fields', () => {
  test('a due date picked in Chinese reads 2026-12-15, follows a language switch and is saved as that day', async ({
    page,
    request,
  }) => {
    const title = `日期测试任务 ${Date.now().toString(36)}`;
    const expected = fifteenthOfNextMonth();
    await signInAndWait(page, 'committee');
    await page.goto('/tasks/new');
    await choose(page, '工作事项', 'FA1.1 加快建设高能级发展平台');
    await page.getByRole('textbox', { name: '任务名称' }).fill(title);
    await choose(page, '牵头单位', '经济发展局');

    const due = page.getByRole('textbox', { name: '完成时限' });
    await page.locator('mat-form-field', { has: due }).getByRole('button', { name: '打开日历' }).click();
    const calendar = page.locator('mat-calendar');
    // Opened on today's business date, with Chinese month names and weeks from Monday.
    await expect(calendar.locator('.mat-calendar-body-today')).toHaveText(String(Number(businessDate(0).slice(8))));
    await expect(calendar.locator('th').first()).toHaveText(/一$/);
    await calendar.getByRole('button', { name: '下个月' }).click();
    const [year, month] = expected.split('-').map(Number);
    await expect(calendar.getByRole('button', { name: '选择年月' })).toContainText(`${year}年`);
    await calendar.locator('.mat-calendar-body-cell', { hasText: /^\s*15\s*$/ }).click();
    await expect(calendar).toHaveCount(0);
    await expect(due).toHaveValue(expected);

    // The field follows the UI language at once, and back.
    await page.getByRole('button', { name: 'English' }).click();
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    await expect(page.getByRole('textbox', { name: 'Due date' })).toHaveValue(`15 ${months[month - 1]} ${year}`);
    await page.getByRole('button', { name: '中文' }).click();
    await expect(due).toHaveValue(expected);

    // A date typed the other Chinese way is read as the same kind of calendar day.
    const start = page.getByRole('textbox', { name: '开始日期' });
    await start.fill(businessDate(-3).replaceAll('-', '/'));
    await start.blur();
    await expect(start).toHaveValue(businessDate(-3));

    await page.getByRole('button', { name: '保存为草稿' }).click();
    await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect(page.getByText(expected).first()).toBeVisible();
    const token = await tokenOf(request, 'committee');
    const saved = await apiGet<{ dueDate: string; startDate: string }>(request, token, `/api/tasks/${id}`);
    expect(saved.dueDate).toBe(expected);
    expect(saved.startDate).toBe(businessDate(-3));
  });

  test('text that is not a day is refused on the field, in Chinese; an empty optional date is fine', async ({
    page,
  }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/tasks/new');
    const due = page.getByRole('textbox', { name: '完成时限' });
    await due.fill('2026-02-30');
    await due.blur();
    await expect(page.locator('mat-form-field', { has: due }).locator('mat-error')).toHaveText('请输入日期');
    // An optional date left empty is no date, not an unreadable one.
    const start = page.getByRole('textbox', { name: '开始日期' });
    await start.focus();
    await start.blur();
    await expect(start).toHaveAttribute('aria-invalid', 'false');
    await expect(page.locator('mat-form-field', { has: start }).locator('mat-error')).toHaveCount(0);
  });
});
