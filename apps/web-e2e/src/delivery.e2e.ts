import { expect, test } from '@playwright/test';
import { signInAndWait } from './support/session';

test.describe('Delivery of the app to the browser', () => {
  test('the sign-in page arrives brotli-compressed, with less than 150 kB of JavaScript over the wire', async ({
    page,
  }) => {
    const scriptEncodings = new Map<string, string | undefined>();
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('.js')) {
        scriptEncodings.set(response.url(), response.headers()['content-encoding']);
      }
    });
    await page.goto('/login');
    await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
    await page.waitForLoadState('networkidle');

    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry as PerformanceResourceTiming)
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .map((entry) => ({ url: entry.name, transferred: entry.encodedBodySize, decoded: entry.decodedBodySize })),
    );
    const transferred = scripts.reduce((sum, script) => sum + script.transferred, 0);
    const decoded = scripts.reduce((sum, script) => sum + script.decoded, 0);
    expect(scripts.length).toBeGreaterThan(0);
    expect(transferred).toBeLessThan(150_000);
    expect(decoded).toBeGreaterThan(transferred * 3);
    // Every script of a kilobyte or more comes precompressed (the smallest are not worth it).
    for (const script of scripts.filter((s) => s.decoded >= 1024)) {
      expect({ url: script.url, encoding: scriptEncodings.get(script.url) }).toEqual({
        url: script.url,
        encoding: 'br',
      });
    }
  });

  test("the dashboard's charts are drawn by the modular echarts build", async ({ page }) => {
    await signInAndWait(page, 'committee');
    await page.goto('/dashboard');
    const canvases = page.locator('[echarts] canvas');
    await expect(canvases.first()).toBeVisible();
    // Drawn, not merely created: with a chart or component missing from the echarts build the
    // canvas stays blank. The least painted canvas must still show bars, axes and labels.
    await expect
      .poll(async () => {
        const shares = await canvases.evaluateAll((elements) =>
          elements.map((element) => {
            const canvas = element as HTMLCanvasElement;
            const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
            return painted / (canvas.width * canvas.height);
          }),
        );
        return Math.min(...shares);
      })
      .toBeGreaterThan(0.02);
  });
});
