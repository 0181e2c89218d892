import type { WebhookView } from '@zibo/domain';
import { EMPTY_WEBHOOK, robotsByKind, webhookBody } from './webhook-form';

describe('Group robot form', () => {
  it('sends the URL trimmed, and a signing secret only for a 钉钉 robot', () => {
    const url = ' https://oapi.dingtalk.com/robot/send?access_token=t ';
    expect(webhookBody('dingtalk', { url, secret: ' SECabc ' })).toEqual({
      url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      secret: 'SECabc',
    });
    expect(webhookBody('dingtalk', { url, secret: '' })).toEqual({
      url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
    });
    expect(webhookBody('wecom', { ...EMPTY_WEBHOOK, url: 'https://qyapi.weixin.qq.com/x', secret: 'SECx' })).toEqual({
      url: 'https://qyapi.weixin.qq.com/x',
    });
  });

  it('finds each kind’s robot', () => {
    const robot: WebhookView = {
      kind: 'wecom',
      host: 'qyapi.weixin.qq.com',
      maskedUrl: 'https://qyapi.weixin.qq.com/••••abcd',
      signed: false,
      updatedAt: '2026-12-01T00:00:00.000Z',
      lastDelivery: null,
    };
    expect(robotsByKind([robot])).toEqual({ wecom: robot });
    expect(robotsByKind([]).dingtalk).toBeUndefined();
  });
});
