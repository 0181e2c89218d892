import type { WebhookKind, WebhookView } from '@zibo/domain';

/** One robot's form: the URL and (钉钉) the signing secret, both typed anew each time (never read back). */
export interface WebhookFormValues {
  url: string;
  secret: string;
}

export const EMPTY_WEBHOOK: WebhookFormValues = { url: '', secret: '' };

/** The PUT body: the secret only for 钉钉 and only when one was typed. */
export function webhookBody(kind: WebhookKind, values: WebhookFormValues): { url: string; secret?: string } {
  const url = values.url.trim();
  const secret = values.secret.trim();
  return kind === 'dingtalk' && secret ? { url, secret } : { url };
}

/** The robots of a department by kind, after one was set or removed. */
export function robotsByKind(robots: readonly WebhookView[]): Partial<Record<WebhookKind, WebhookView>> {
  return Object.fromEntries(robots.map((robot) => [robot.kind, robot]));
}
