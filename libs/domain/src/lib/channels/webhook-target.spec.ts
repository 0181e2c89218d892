import {
  DEFAULT_WEBHOOK_HOSTS,
  addressAllowed,
  isInternalAddress,
  maskWebhookUrl,
  parseWebhookHosts,
  webhookUrlProblem,
} from './webhook-target';

const official = { allowedHosts: DEFAULT_WEBHOOK_HOSTS, allowInsecure: false };

describe('WEBHOOK_HOSTS', () => {
  it.each([
    [undefined, ['qyapi.weixin.qq.com', 'oapi.dingtalk.com']],
    ['', ['qyapi.weixin.qq.com', 'oapi.dingtalk.com']],
    [' QYAPI.weixin.qq.com. , 127.0.0.1,,[::1] ', ['qyapi.weixin.qq.com', '127.0.0.1', '::1']],
  ])('%j is read as %j', (text, hosts) => {
    expect(parseWebhookHosts(text)).toEqual(hosts);
  });
});

describe('Webhook URL check (when the administrator saves it)', () => {
  it.each([
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx', null],
    ['https://oapi.dingtalk.com/robot/send?access_token=abc', null],
    ['https://OAPI.DINGTALK.COM/robot/send?access_token=abc', null],
    ['http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', 'not_https'],
    ['ftp://qyapi.weixin.qq.com/x', 'not_url'],
    ['file:///etc/passwd', 'not_url'],
    ['not a url', 'not_url'],
    ['https://evil.example/robot/send', 'host_not_allowed'],
    ['https://qyapi.weixin.qq.com.evil.example/x', 'host_not_allowed'],
    ['https://127.0.0.1/x', 'host_not_allowed'],
    ['https://169.254.169.254/latest/meta-data', 'host_not_allowed'],
    ['https://user:pw@qyapi.weixin.qq.com/x', 'credentials_in_url'],
    [`https://qyapi.weixin.qq.com/${'a'.repeat(1000)}`, 'too_long'],
  ])('%s → %s', (url, problem) => {
    expect(webhookUrlProblem(url, official)).toBe(problem);
  });

  it('takes http and loopback only where the configuration allows them (tests)', () => {
    const tests = { allowedHosts: ['127.0.0.1'], allowInsecure: true };
    expect(webhookUrlProblem('http://127.0.0.1:4567/robot/send?access_token=t', tests)).toBeNull();
    expect(webhookUrlProblem('http://localhost:4567/robot/send', tests)).toBe('host_not_allowed');
  });
});

describe('Resolved address check (before every delivery)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['101.226.141.58', false],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:8.8.8.8', false],
    ['2408:8000::1', false],
    ['ff02::1', true],
    ['garbage', true],
  ])('%s is internal: %s', (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });

  it('lets a public address through, an internal one only when the list names that address', () => {
    expect(addressAllowed('101.226.141.58', DEFAULT_WEBHOOK_HOSTS)).toBe(true);
    expect(addressAllowed('10.0.0.5', DEFAULT_WEBHOOK_HOSTS)).toBe(false);
    expect(addressAllowed('127.0.0.1', DEFAULT_WEBHOOK_HOSTS)).toBe(false);
    expect(addressAllowed('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(addressAllowed('127.0.0.2', ['127.0.0.1'])).toBe(false);
    expect(addressAllowed('::1', ['[::1]'.replace(/[[\]]/g, '')])).toBe(true);
  });
});

describe('Masked webhook URL', () => {
  it('shows the scheme, the host and the last four characters only', () => {
    const key = '693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa';
    const masked = maskWebhookUrl(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`);
    expect(masked).toBe('https://qyapi.weixin.qq.com/••••5aaa');
    expect(masked).not.toContain(key.slice(0, 8));
  });

  it('hides a short rest entirely', () => {
    expect(maskWebhookUrl('https://oapi.dingtalk.com/x?t=1')).toBe('https://oapi.dingtalk.com/••••');
    expect(maskWebhookUrl('nonsense')).toBe('••••');
  });
});
