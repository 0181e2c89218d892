import * as z from 'zod';
import { WEBHOOK_KINDS, type WebhookKind } from './channel-message';
import { WEBHOOK_URL_MAX_LENGTH } from './webhook-target';

export const webhookKindParam = z.strictObject({ kind: z.enum(WEBHOOK_KINDS) });

/**
 * `PUT /api/departments/:id/webhooks/:kind`: the robot's full webhook URL (it carries the robot's key
 * or access token) and, for 钉钉's signed mode, its secret (SEC…). Both are write-only: the answer
 * never carries them back. The URL's host is checked against WEBHOOK_HOSTS on the server.
 */
export const putWebhookSchema = z.strictObject({
  url: z
    .string()
    .trim()
    .min(1, 'Required')
    .max(WEBHOOK_URL_MAX_LENGTH, `At most ${WEBHOOK_URL_MAX_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, 'A URL without spaces or control characters'),
  secret: z
    .string()
    .trim()
    .max(200, 'At most 200 characters')
    .regex(/^[\x21-\x7e]*$/, 'Letters, digits and punctuation only')
    .nullable()
    .optional(),
});
export type PutWebhookInput = z.output<typeof putWebhookSchema>;

/** One robot of a department, as the administrator sees it: never the URL or the secret themselves. */
export interface WebhookView {
  kind: WebhookKind;
  /** The URL's host (qyapi.weixin.qq.com, oapi.dingtalk.com). */
  host: string;
  /** Scheme and host, the rest masked but for its last four characters. */
  maskedUrl: string;
  /** Whether a 钉钉 signing secret is kept (signed-webhook mode). */
  signed: boolean;
  updatedAt: string;
  /** The latest message's delivery: when and how it went; null before the first. */
  lastDelivery: { state: 'pending' | 'sending' | 'sent' | 'failed'; at: string; error: string | null } | null;
}
