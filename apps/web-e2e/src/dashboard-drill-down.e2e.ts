import { expect, test } from '@playwright/test';
import { businessDate } from './support/dates';
import { apiGet, tokenOf } from './support/api';
import { signInAndWait } from './support/session';

// A number on the dashboard and the list behind its link are the same tasks.

interface DashboardView {
  byDepartment: { departmentId: string; code: string; tasks: number }[];
}

interface TaskListItemView {
  leadDepartmentId: string;
  coDepartmentIds?: string[];
}

test.describe('Dashboard drill-down', () => {
  test("a department row's task count is exactly the rows its link lists, co-owned tasks not among them", async ({
    page,
    request,
  }) => {
    // A department that also co-owns tasks led by others: the case where the counts used to differ.
    const committee = await tokenOf(request, 'committee');
    const dashboard = await apiGet<DashboardView>(request, committee, '/api/dashboard');
    let code = '';
    for (const row of dashboard.byDepartment) {
      const either = await apiGet<{ items: TaskListItemView[] }>(
        request,
        committee,
        `/api/tasks?department=${row.departmentId}&limit=500`,
      );
      if (either.items.length > row.tasks && row.tasks <= 50) {
        code = row.code;
        break;
      }
    }
    expect(code, 'the demo data has a department that co-owns tasks led by others').not.toBe('');

    await signInAndWait(page, 'committee');
    await page.goto('/dashboard');
    const row = page.getByTestId(`department-${code}`);
    const count = Number((await row.getByRole('cell').first().innerText()).trim());
    expect(count).toBeGreaterThan(0);
    await row.getByRole('rowheader').getByRole('link').click();

    await expect(page).toHaveURL(/\/tasks\?leadDepartment=/);
    await expect(page.getByTestId('lead-only-filter')).toBeVisible();
    await expect(page.locator('tr.mat-mdc-row')).toHaveCount(count);
  });

  test("the last closed period's compliance keeps that period: it opens the ledger of that month", async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/dashboard');
    await page.getByTestId('kpi-last-closed').click();
    await expect(page).toHaveURL(/\/ledger\?period=\d{4}-\d{2}$/);
    const live = new URL(page.url()).searchParams.get('period') ?? '';

    // A historical view: its counts lead to the ledger of the period recorded then, not today's list.
    await page.goto(`/dashboard?asOf=${businessDate(-35)}`);
    await expect(page.getByTestId('historical-view')).toBeVisible();
    await page.getByTestId('kpi-total').click();
    await expect(page).toHaveURL(/\/ledger\?period=\d{4}-\d{2}$/);
    const past = new URL(page.url()).searchParams.get('period') ?? '';
    expect(past < live).toBe(true);
  });
});
