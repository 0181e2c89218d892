import { expect, test } from '@playwright/test';
import { openFromNav, signInAndWait } from './support/session';

// 督查通报 in the browser: the committee drafts the bulletin of the last closed month from the demo
// data, writes its narrative and publishes it; a department head then reads it (another department's
// red items included) and downloads it.
test.describe.configure({ mode: 'serial' });

let bulletinPath = '';
const narrative = `本月各单位认真落实管委会部署（E2E ${Date.now().toString(36)}）。`;

test.describe('The monthly bulletin', () => {
  test('the committee drafts it from the demo data, edits the narrative and publishes it', async ({ page }) => {
    await signInAndWait(page, 'committee');
    await openFromNav(page, '督查通报');
    await expect(page.getByRole('heading', { name: '督查通报', level: 1 })).toBeVisible();
    // The demo data holds the published bulletin of the month before.
    await expect(page.getByTestId('bulletin-item').filter({ hasText: '已发布' })).toHaveCount(1);
    await page.getByRole('button', { name: '生成通报草稿' }).click();
    await expect(page.getByTestId('bulletin-number')).toHaveText('（草稿，未编号）');
    bulletinPath = new URL(page.url()).pathname;
    await expect(page.getByTestId('bulletin-overview')).toContainText('纳入督办台账的重点任务共');
    await expect(page.getByTestId('bulletin-red').getByRole('listitem').first()).toBeVisible();

    await page.getByRole('textbox', { name: '通报说明' }).fill(narrative);
    await page.getByTestId('bulletin-form').getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('已保存')).toBeVisible();
    await page.getByTestId('bulletin-publish').click();
    await page.getByRole('dialog').getByRole('button', { name: '发布', exact: true }).click();
    await expect(page.getByTestId('bulletin-number')).toHaveText(/^高新督通〔\d{4}〕2号$/);
    await expect(page.getByTestId('bulletin-publish')).toHaveCount(0);
  });

  test('a department head is told, reads it and downloads its PDF and Word files', async ({ page }) => {
    await signInAndWait(page, 'head.party');
    await openFromNav(page, '督查通报');
    await expect(page.getByTestId('bulletin-item')).toHaveCount(2);
    await page.goto(bulletinPath);
    await expect(page.getByTestId('bulletin-number')).toHaveText(/^高新督通〔\d{4}〕2号$/);
    await expect(page.getByText(narrative)).toBeVisible();
    // The bulletin names other departments' red items: that is its purpose.
    await expect(page.getByTestId('bulletin-red').getByRole('listitem').first()).toBeVisible();
    await expect(page.getByTestId('bulletin-form')).toHaveCount(0);
    for (const [button, extension] of [
      ['bulletin-pdf', '.pdf'],
      ['bulletin-docx', '.docx'],
    ] as const) {
      const download = page.waitForEvent('download');
      await page.getByTestId(button).click();
      expect((await download).suggestedFilename()).toMatch(new RegExp(`^bulletin-\\d{4}-2\\${extension}$`));
    }
  });
});
