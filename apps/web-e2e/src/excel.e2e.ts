import { readFile } from 'node:fs/promises';
import { type Page, expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signInAndWait } from './support/session';

/** The template the dialog downloads, filled with these rows (work item, title, lead department, due date). */
async function filledTemplate(template: Buffer, rows: [string, string, string, string][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('任务');
  if (!sheet) throw new Error('the template has no sheet 任务');
  rows.forEach(([workItem, title, lead, due], index) => {
    const row = sheet.getRow(index + 2);
    row.getCell(1).value = workItem;
    row.getCell(2).value = title;
    row.getCell(4).value = lead;
    row.getCell(7).value = due;
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(page: Page, content: Buffer): Promise<void> {
  await page.getByTestId('import-input').setInputFiles({
    name: '任务导入.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: content,
  });
}

async function searchTasks(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: '搜索任务名称' }).fill(text);
}

test.describe('Excel import of tasks', () => {
  test('the committee imports a sheet with one bad row: the preview shows it and nothing is saved; fixed, it imports', async ({
    page,
  }) => {
    const stamp = Date.now().toString(36);
    const first = `导入任务甲 ${stamp}`;
    const second = `导入任务乙 ${stamp}`;
    await signInAndWait(page, 'committee');
    await page.goto('/tasks');
    await page.getByTestId('import-open').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: '从 Excel 导入任务' })).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: '下载模板' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const template = await readFile(await download.path());

    await upload(
      page,
      await filledTemplate(template, [
        ['FA2.2 聚力推动重大项目建设', first, '经济发展局', '2026-12-31'],
        ['FA2.2 聚力推动重大项目建设', second, '不存在的局', '2026-12-31'],
      ]),
    );
    await expect(dialog.getByTestId('import-summary')).toHaveText('共 2 行：1 行可导入，1 行有错误');
    const bad = dialog.getByTestId('import-row').nth(1);
    await expect(bad).toContainText('牵头单位：列表中没有这一项');
    await expect(dialog.getByTestId('import-confirm')).toBeDisabled();

    await dialog.getByRole('button', { name: '取消' }).click();
    await searchTasks(page, stamp);
    await expect(page.getByTestId('tasks-empty')).toBeVisible();

    await page.getByTestId('import-open').click();
    await upload(
      page,
      await filledTemplate(template, [
        ['FA2.2 聚力推动重大项目建设', first, '经济发展局', '2026-12-31'],
        ['FA2.2 聚力推动重大项目建设', second, '科技创新局', '2026-12-31'],
      ]),
    );
    await expect(dialog.getByTestId('import-summary')).toHaveText('共 2 行：2 行可导入，0 行有错误');
    await dialog.getByTestId('import-confirm').click();

    await expect(page.getByTestId('import-done')).toContainText('已导入 2 个任务');
    await expect(page.getByTestId('task-row')).toHaveCount(2);
    await expect(page.getByTestId('task-row').filter({ hasText: first })).toContainText('草稿');
    await expect(page.getByTestId('task-row').filter({ hasText: second })).toContainText('科技创新局');

    // The list as it is filtered now, exported: the file opens with the same rows.
    const shown = await page.getByTestId('task-row').locator('.task-link').allTextContents();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await file.path())) as unknown as ArrayBuffer);
    const titles: string[] = [];
    workbook.worksheets[0]?.eachRow((row, number) => {
      if (number > 1) titles.push(String(row.getCell(3).value));
    });
    expect(titles).toEqual(shown.map((title) => title.trim()));
  });
});
