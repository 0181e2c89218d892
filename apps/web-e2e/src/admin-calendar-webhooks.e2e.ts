import { expect, test } from '@playwright/test';
import { signInAndWait } from './support/session';

test.describe('Administration: working calendar, supervising leader, group robots', () => {
  test('the admin adds a holiday, sets a supervising leader and a robot whose URL is then shown masked', async ({
    page,
  }) => {
    await signInAndWait(page, 'admin');

    // 工作日历: a holiday of a year with none yet.
    await page.getByRole('navigation').getByRole('link', { name: '工作日历' }).click();
    const form = page.getByTestId('calendar-form');
    await form.getByLabel('日期').fill('2027-01-01');
    await form.getByLabel('节日名称').fill('元旦');
    await form.getByRole('button', { name: '添加' }).click();
    await expect(page.getByTestId('calendar-year')).toHaveText('2027');
    const day = page.getByTestId('calendar-day-2027-01-01');
    await expect(day).toContainText('星期五');
    await expect(day).toContainText('节假日');
    await expect(day).toContainText('元旦');

    // 分管领导 of the Economic Development Bureau.
    await page.getByRole('navigation').getByRole('link', { name: '部门管理' }).click();
    await page.getByRole('button', { name: '编辑 经济发展局' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByRole('combobox', { name: '分管领导' }).click();
    await page.getByRole('option', { name: '管委会督查室' }).click();
    await edit.getByRole('button', { name: '保存' }).click();
    await expect(edit).toBeHidden();
    await page.getByRole('button', { name: '编辑 经济发展局' }).click();
    await expect(page.getByRole('dialog').getByRole('combobox', { name: '分管领导' })).toContainText('管委会督查室');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();

    // Its WeCom group robot: saved, then shown only as host and mask.
    const key = '693a91f6-7aaa-4bc4-97a0-0ec2e2e5abcd';
    await page.getByRole('button', { name: '群机器人 经济发展局' }).click();
    const robots = page.getByRole('dialog');
    const wecom = robots.getByTestId('webhook-wecom');
    await expect(wecom).toContainText('未设置');
    await wecom.getByLabel('Webhook 地址').fill('https://evil.example/cgi-bin/webhook/send?key=x');
    await wecom.getByRole('button', { name: '保存' }).click();
    await expect(wecom).toContainText('该主机不在允许的机器人服务列表中');
    await wecom.getByLabel('Webhook 地址').fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`);
    await wecom.getByRole('button', { name: '保存' }).click();
    await expect(robots.getByTestId('webhook-masked-wecom')).toHaveText('https://qyapi.weixin.qq.com/••••abcd');
    await expect(wecom.getByLabel('Webhook 地址')).toHaveValue('');
    await expect(robots).not.toContainText(key.slice(0, 8));

    // Opened again later, it still shows the mask and never the key.
    await robots.getByRole('button', { name: '关闭' }).click();
    await page.getByRole('button', { name: '群机器人 经济发展局' }).click();
    await expect(page.getByRole('dialog').getByTestId('webhook-masked-wecom')).toHaveText(
      'https://qyapi.weixin.qq.com/••••abcd',
    );
    await expect(page.getByRole('dialog')).not.toContainText(key.slice(0, 8));
  });
});
