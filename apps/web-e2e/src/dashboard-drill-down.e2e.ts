import { type Locator, expect, test } from '@playwright/test';
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

/** The lights' colours in the charts (dashboard-chart.ts RAG_COLOURS). */
const LIGHT_COLOURS = { red: [0xc6, 0x28, 0x28], amber: [0xf2, 0xa9, 0x00], green: [0x2e, 0x7d, 0x32] } as const;

/**
 * The centre, in CSS pixels of the canvas, of the topmost bar segment drawn in the given colour (the
 * legend is at the bottom), or null when none is drawn.
 */
async function topmostSegment(canvas: Locator, rgb: readonly number[]): Promise<{ x: number; y: number } | null> {
  return canvas.evaluate((element, [r, g, b]) => {
    const c = element as HTMLCanvasElement;
    const { data } = c.getContext('2d')?.getImageData(0, 0, c.width, c.height) ?? { data: [] };
    const scale = c.width / c.getBoundingClientRect().width;
    const runAt = (y: number): [number, number] | null => {
      let first = -1;
      let last = -1;
      for (let x = 0; x < c.width; x++) {
        const i = 4 * (y * c.width + x);
        if (data[i] === r && data[i + 1] === g && data[i + 2] === b) {
          if (first < 0) first = x;
          last = x;
        }
      }
      return first < 0 ? null : [first, last];
    };
    for (let y = 0; y < c.height; y++) {
      const run = runAt(y);
      if (!run) continue;
      let bottom = y;
      while (bottom + 1 < c.height && runAt(bottom + 1)) bottom++;
      return { x: (run[0] + run[1]) / 2 / scale, y: (y + bottom) / 2 / scale };
    }
    return null;
  }, rgb);
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

    // A department's late (or missing, or on-time) number: the ledger lists exactly the tasks it counts.
    await page.goto('/dashboard');
    const rows = page.getByTestId('department-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    let chosen: { link: Locator; count: number; state: string } | null = null;
    for (const [state, prefix] of [
      ['late', 'ledger-late-link-'],
      ['missing', 'ledger-link-'],
      ['on_time', 'ledger-on-time-link-'],
    ] as const) {
      for (const row of await rows.all()) {
        const link = row.locator(`[data-testid^="${prefix}"]`);
        const count = Number((await link.innerText()).trim());
        if (count > 0 && count <= 50) {
          chosen = { link, count, state };
          break;
        }
      }
      if (chosen) break;
    }
    if (!chosen) throw new Error('No department has a compliance number to drill into');
    await chosen.link.click();
    await expect(page).toHaveURL(
      new RegExp(`/ledger\\?period=${live}&leadDepartment=[0-9a-f-]+&compliance=${chosen.state}$`),
    );
    await expect(page.getByTestId('ledger-summary')).toBeVisible();
    await expect(page.getByTestId('ledger-task')).toHaveCount(chosen.count);
    await expect(page.getByTestId('ledger-narrowing')).toContainText(`${chosen.count} 项任务`);
    // Removing the narrowing lists the whole month again.
    await page.getByTestId('ledger-narrowing-clear').click();
    await expect(page).toHaveURL(new RegExp(`/ledger\\?period=${live}$`));
    await expect(page.getByTestId('ledger-narrowing')).toHaveCount(0);
  });

  test("a department chart's bar opens the list of exactly the tasks it counts", async ({ page }) => {
    // Bars drawn at once, not growing: the click lands where the bar ends up.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await signInAndWait(page, 'committee');
    await page.goto('/dashboard');
    const canvas = page.getByTestId('department-chart').locator('canvas').first();
    await expect(canvas).toBeVisible();

    // The chart's rows are the table's in its unsorted order: the first department with a light is
    // the topmost segment of that colour.
    const rows = page.getByTestId('department-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    let chosen: { rag: keyof typeof LIGHT_COLOURS; count: number; href: string } | null = null;
    for (const rag of ['red', 'amber', 'green'] as const) {
      for (const row of await rows.all()) {
        const count = Number((await row.getByTestId(`rag-${rag}`).innerText()).trim());
        if (count > 0) {
          if (count <= 50) {
            chosen = {
              rag,
              count,
              href: (await row.getByRole('rowheader').getByRole('link').getAttribute('href')) ?? '',
            };
          }
          break;
        }
      }
      if (chosen) break;
    }
    expect(chosen, 'the demo data has a department with a light on few tasks').not.toBeNull();
    const { rag, count, href } = chosen as NonNullable<typeof chosen>;
    const leadDepartment = new URL(href, 'http://x').searchParams.get('leadDepartment');

    await expect.poll(() => topmostSegment(canvas, LIGHT_COLOURS[rag])).not.toBeNull();
    const point = (await topmostSegment(canvas, LIGHT_COLOURS[rag])) as { x: number; y: number };
    await canvas.click({ position: point });

    await expect(page).toHaveURL(new RegExp(`/tasks\\?.*rag=${rag}`));
    const url = new URL(page.url());
    expect(url.searchParams.get('leadDepartment')).toBe(leadDepartment);
    await expect(page.getByTestId('lead-only-filter')).toBeVisible();
    await expect(page.locator('tr.mat-mdc-row')).toHaveCount(count);
  });

  test('the dashboard tables add up to their totals rows and sort by a column', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/dashboard');
    const table = page.getByTestId('department-table');
    const tasks = async () =>
      Promise.all(
        (await table.locator('tbody tr').all()).map(async (r) => Number(await r.getByRole('cell').first().innerText())),
      );
    // The totals row is drawn with the rows.
    await expect(page.getByTestId('department-totals')).toBeVisible();
    const before = await tasks();
    const total = Number(await page.getByTestId('department-totals').getByRole('cell').first().innerText());
    expect(before.length).toBeGreaterThan(1);
    expect(before.reduce((a, b) => a + b, 0)).toBe(total);

    await table.getByRole('columnheader', { name: /任务数/ }).click();
    await expect.poll(tasks).toEqual([...before].sort((a, b) => a - b));
    await table.getByRole('columnheader', { name: /任务数/ }).click();
    await expect.poll(tasks).toEqual([...before].sort((a, b) => b - a));
  });
});
