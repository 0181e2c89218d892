import { expect, test } from '@playwright/test';
import { apiGet, tokenOf } from './support/api';
import { signInAndWait } from './support/session';

// The task list is sorted by the api: a header click orders every page, not just the rows on screen,
// the order stays in the address bar (reload, shared link), and a totals line counts the filters.

interface TaskListItemView {
  title: string;
  percentComplete: number;
}

test.describe('Task list sorting and totals', () => {
  test('the committee sorts by percent complete, descending; the order holds after a reload', async ({
    page,
    request,
  }) => {
    const committee = await tokenOf(request, 'committee');
    const totals = await apiGet<{ total: number; rag: { red: number } }>(request, committee, '/api/tasks/totals');
    expect(totals.total).toBeGreaterThan(2);

    await signInAndWait(page, 'committee');
    await page.goto('/tasks');
    await expect(page.getByTestId('task-totals')).toContainText(`共 ${totals.total} 项：红 ${totals.rag.red}`);
    const header = page.getByRole('columnheader', { name: '进度' });
    await expect(page.getByRole('columnheader', { name: '完成时限' })).toHaveAttribute('aria-sort', 'ascending');

    await header.click();
    await expect(page).toHaveURL(/sort=percentComplete/);
    await header.click();
    await expect(page).toHaveURL(/sort=-percentComplete/);
    await expect(header).toHaveAttribute('aria-sort', 'descending');

    const expected = (
      await apiGet<{ items: TaskListItemView[] }>(request, committee, '/api/tasks?sort=-percentComplete&limit=50')
    ).items;
    const rows = page.locator('tr.mat-mdc-row');
    const shown = async () => ({
      titles: await rows.locator('.task-link').allInnerTexts(),
      percents: (await rows.locator('.percent').allInnerTexts()).map((p) => Number.parseInt(p, 10)),
    });
    await expect.poll(async () => (await shown()).titles).toEqual(expected.map((t) => t.title));
    const before = await shown();
    expect(before.percents).toEqual([...before.percents].sort((a, b) => b - a));
    expect(before.percents[0]).toBeGreaterThan(before.percents.at(-1) ?? 0);

    // The totals line counts the filters, not the order: the same line.
    await expect(page.getByTestId('task-totals')).toContainText(`共 ${totals.total} 项`);

    await page.reload();
    await expect(page).toHaveURL(/sort=-percentComplete/);
    await expect(page.getByRole('columnheader', { name: '进度' })).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => (await shown()).titles).toEqual(before.titles);
  });

  test.describe('on a phone (375 px), where the list is cards', () => {
    test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

    test('a department head picks the order from the sort select', async ({ page, request }) => {
      const head = await tokenOf(request, 'head.econ');
      const expected = (
        await apiGet<{ items: TaskListItemView[] }>(request, head, '/api/tasks?sort=-title&limit=50')
      ).items.map((t) => t.title);
      expect(expected.length).toBeGreaterThan(1);

      await signInAndWait(page, 'head.econ');
      await page.goto('/tasks');
      await page.getByTestId('task-sort').click();
      await page.getByRole('option', { name: '任务名称（降序）' }).click();
      await expect(page).toHaveURL(/sort=-title/);
      const cards = page.locator('[data-testid="task-row"] .card-title');
      await expect.poll(() => cards.allInnerTexts()).toEqual(expected);
      await page.reload();
      await expect(page.getByTestId('task-sort')).toContainText('任务名称（降序）');
      await expect.poll(() => cards.allInnerTexts()).toEqual(expected);
    });
  });
});
