import { createHmac } from 'node:crypto';
import { dingTalkSignature, dingTalkSignedUrl } from './dingtalk-sign';

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8').digest('base64');

describe('钉钉 signed-webhook mode (加签)', () => {
  const secret = 'SEC0123456789abcdef';
  const timestamp = 1_764_780_000_000;

  it('signs "timestamp\\nsecret" with HMAC-SHA256 under the secret, base64', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(dingTalkSignature(secret, timestamp, hmac)).toBe(expected);
  });

  it('adds timestamp and the URL-encoded sign to the webhook URL, keeping its access token', () => {
    const url = dingTalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=tok', secret, timestamp, hmac);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('access_token')).toBe('tok');
    expect(parsed.searchParams.get('timestamp')).toBe(String(timestamp));
    expect(parsed.searchParams.get('sign')).toBe(dingTalkSignature(secret, timestamp, hmac));
    // base64's + / = never travel raw in the query
    expect(url.slice(url.indexOf('sign='))).not.toMatch(/[+/]|=.*=/);
  });

  it('replaces a stale timestamp and sign already in the URL', () => {
    const url = dingTalkSignedUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=1&sign=old',
      secret,
      timestamp,
      hmac,
    );
    expect(new URL(url).searchParams.getAll('timestamp')).toEqual([String(timestamp)]);
    expect(new URL(url).searchParams.getAll('sign')).toHaveLength(1);
  });
});
