import type { NotificationKind, NotificationPayload } from '../notifications/notification.types';

/** What a group robot posts: a title and a plain-text body (both services take Markdown; we keep to text). */
export interface ChannelMessage {
  title: string;
  text: string;
}

const COLOUR_NAMES: Record<string, string> = { blue: '蓝色提示单', yellow: '黄色督办单', red: '红色挂牌督办单' };

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const line = (label: string, value: unknown): string[] => (str(value) ? [`${label}：${str(value)}`] : []);

/**
 * The notifications that also go to the department's group robots (企业微信 / 钉钉), and what they
 * say. A kind not in this table stays in-app and e-mail only: this table is the one place to add
 * another.
 */
export const CHANNEL_MESSAGES: Partial<Record<NotificationKind, (payload: NotificationPayload) => ChannelMessage>> = {
  urged: (p) => ({
    title: '【催办】' + str(p.title),
    text: [
      `【催办】${str(p.title)}`,
      ...line('催办内容', p['message']),
      ...line('请于此日前答复', p['respondBy']),
    ].join('\n'),
  }),
  urge_escalated: (p) => ({
    title: '【催办升级】' + str(p.title),
    text: [
      `【催办升级】${str(p.title)}`,
      '催办逾期未答复，已升级并告知管委会。',
      ...line('原催办内容', p['message']),
      ...line('原答复期限', p['respondBy']),
    ].join('\n'),
  }),
  notice: (p) => ({
    title: `【${COLOUR_NAMES[str(p['colour'])] ?? '督办单'}】${str(p.title)}`,
    text: [
      `【${COLOUR_NAMES[str(p['colour'])] ?? '督办单'}】${str(p.title)}`,
      ...line('文号', p['number']),
      ...line('请于此日前答复', p['respondBy']),
    ].join('\n'),
  }),
  red_notice: (p) => ({
    title: `【${COLOUR_NAMES['red']}】${str(p.title)}`,
    text: [
      `【${COLOUR_NAMES['red']}】${str(p.title)}`,
      ...line('文号', p['number']),
      ...line('原催办内容', p['message']),
      ...line('请于此日前答复', p['respondBy']),
    ].join('\n'),
  }),
  directive: (p) => ({
    title: '【领导批示】' + str(p.title),
    text: [
      `【领导批示】${str(p.title)}`,
      ...line('批示内容', p['text']),
      ...line('请于此日前答复', p['respondBy']),
    ].join('\n'),
  }),
  report_due: (p) => ({
    title: '【填报提醒】' + str(p.title),
    text: [`【填报提醒】${str(p.title)}`, ...line('报告期', p.period), ...line('请于此日前填报', p['dueOn'])].join(
      '\n',
    ),
  }),
};

/** The group-robot message for a notification, or null when this kind is not sent to robots. */
export function channelMessage(kind: NotificationKind, payload: NotificationPayload): ChannelMessage | null {
  const compose = CHANNEL_MESSAGES[kind];
  return compose ? compose(payload) : null;
}

/** The robot's JSON body: 企业微信 and 钉钉 both take `msgtype: "text"`; the text is cut to their limit (2,048 bytes). */
export function robotBody(message: ChannelMessage): Record<string, unknown> {
  return { msgtype: 'text', text: { content: truncateUtf8(message.text, 2000) } };
}

export const WEBHOOK_KINDS = ['wecom', 'dingtalk'] as const;
/** 企业微信 group robot or 钉钉 custom robot. */
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** At most `maxBytes` bytes of UTF-8, never cutting a character in half. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (bytes + size > maxBytes - 3) break;
    out += char;
    bytes += size;
  }
  return `${out}…`;
}
