import { channelMessage, robotBody, truncateUtf8 } from './channel-message';

describe('Group-robot messages', () => {
  it('says what an urge asks and by when', () => {
    const message = channelMessage('urged', {
      title: '新材料产业园',
      message: '请尽快报送进展',
      respondBy: '2026-12-04',
    });
    expect(message?.text).toBe('【催办】新材料产业园\n催办内容：请尽快报送进展\n请于此日前答复：2026-12-04');
  });

  it('names the colour of a notice', () => {
    expect(channelMessage('notice', { title: 'T', colour: 'yellow', number: '高新督〔2026〕3号' })?.text).toContain(
      '【黄色督办单】T\n文号：高新督〔2026〕3号',
    );
    expect(channelMessage('red_notice', { title: 'T' })?.title).toBe('【红色挂牌督办单】T');
  });

  it('reminds of a reporting deadline', () => {
    expect(channelMessage('report_due', { title: 'T', period: '2026-11', dueOn: '2026-12-05' })?.text).toBe(
      '【填报提醒】T\n报告期：2026-11\n请于此日前填报：2026-12-05',
    );
  });

  it('passes on a leader’s directive and its deadline', () => {
    expect(channelMessage('directive', { title: 'T', text: '加快进度', respondBy: '2026-12-10' })?.text).toBe(
      '【领导批示】T\n批示内容：加快进度\n请于此日前答复：2026-12-10',
    );
  });

  it('leaves other notifications in-app', () => {
    expect(channelMessage('password_reset', {})).toBeNull();
    expect(channelMessage('approved', { title: 'T' })).toBeNull();
  });

  it('posts text within the services’ 2,048-byte limit, whole characters only', () => {
    const body = robotBody({ title: 't', text: '督'.repeat(1000) }) as { msgtype: string; text: { content: string } };
    expect(body.msgtype).toBe('text');
    expect(new TextEncoder().encode(body.text.content).length).toBeLessThanOrEqual(2048);
    expect(body.text.content.endsWith('督…')).toBe(true);
    expect(truncateUtf8('short', 10)).toBe('short');
  });
});
