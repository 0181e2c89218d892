import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import {
  type ChannelMessage,
  type DeliveryOutcome,
  type WebhookKind,
  deliveryRetryDelayMs,
  dingTalkSignedUrl,
  robotBody,
} from '@zibo/domain';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { WebhookSealing } from './webhook-sealing';
import { postToWebhook } from './webhook-sender';

interface ClaimedRow {
  id: string;
  attempts: number;
  message: ChannelMessage;
  kind: WebhookKind;
  url_sealed: string;
  secret_sealed: string | null;
}

export interface DeliveryRunResult {
  sent: number;
  retried: number;
  failed: number;
}

const BATCH = 20;
// A claim's lease: longer than a send can take (10 s timeout), so only a process that died loses it.
const LEASE_MS = 2 * 60_000;

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8').digest('base64');

/**
 * Sends the robots' outbox. Each row is claimed before it is sent (state `sending`, a lease, the
 * attempt counted, committed; rows another process holds are skipped with FOR UPDATE SKIP LOCKED),
 * so however many api processes run this, a message goes out once. A failure is recorded on the row
 * and retried with exponential back-off (deliveryRetryDelayMs) until the attempts are used up.
 */
@Injectable()
export class WebhookDelivery {
  private readonly logger = new Logger(WebhookDelivery.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sealing: WebhookSealing,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliverPending(): Promise<DeliveryRunResult> {
    const result: DeliveryRunResult = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const batch = await this.claim();
      for (const row of batch) {
        const outcome = await this.send(row);
        await this.record(row, outcome);
        if (outcome.kind === 'sent') result.sent++;
        else if (outcome.kind === 'retry' && deliveryRetryDelayMs(row.attempts) !== null) result.retried++;
        else result.failed++;
      }
      if (batch.length < BATCH) return result;
    }
  }

  private claim(): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    return this.unitOfWork.run((tx) =>
      tx.query(
        `WITH claimed AS (
           UPDATE channel_delivery SET state = 'sending', attempts = attempts + 1, claimed_until = $2
            WHERE id IN (SELECT id FROM channel_delivery
                          WHERE (state = 'pending' AND next_attempt_at <= $1)
                             OR (state = 'sending' AND claimed_until < $1)
                          ORDER BY next_attempt_at, id
                          LIMIT $3
                            FOR UPDATE SKIP LOCKED)
           RETURNING id, webhook_id, attempts, message, next_attempt_at)
         SELECT c.id, c.attempts, c.message, w.kind, w.url_sealed, w.secret_sealed
           FROM claimed c JOIN department_webhook w ON w.id = c.webhook_id
          ORDER BY c.next_attempt_at, c.id`,
        [now, new Date(now.getTime() + LEASE_MS), BATCH],
      ),
    );
  }

  private async send(row: ClaimedRow): Promise<DeliveryOutcome> {
    let url: string;
    let secret: string | null;
    try {
      url = this.sealing.open(row.url_sealed);
      secret = row.secret_sealed ? this.sealing.open(row.secret_sealed) : null;
    } catch {
      return { kind: 'permanent', error: 'stored robot unreadable (JWT_SECRET changed?): enter it again' };
    }
    if (row.kind === 'dingtalk' && secret) url = dingTalkSignedUrl(url, secret, Date.now(), hmac);
    try {
      return await postToWebhook(url, robotBody(row.message), this.config.webhooks);
    } catch (error) {
      return { kind: 'retry', error: error instanceof Error ? error.message.slice(0, 200) : 'error' };
    }
  }

  /** The outcome on the row, unless the claim was lost meanwhile (the attempt count moved on). */
  private async record(row: ClaimedRow, outcome: DeliveryOutcome): Promise<void> {
    const now = this.clock.now();
    const delay = outcome.kind === 'retry' ? deliveryRetryDelayMs(row.attempts) : null;
    const state = outcome.kind === 'sent' ? 'sent' : delay !== null ? 'pending' : 'failed';
    const error = outcome.kind === 'sent' ? null : outcome.error.slice(0, 500);
    await this.unitOfWork.run((tx) =>
      tx.query(
        `UPDATE channel_delivery
            SET state = $3::varchar, claimed_until = NULL, last_error = $4::varchar,
                next_attempt_at = COALESCE($5::timestamptz, next_attempt_at),
                finished_at = CASE WHEN $3::varchar IN ('sent', 'failed') THEN $6::timestamptz END
          WHERE id = $1 AND attempts = $2 AND state = 'sending'`,
        [row.id, row.attempts, state, error, delay !== null ? new Date(now.getTime() + delay) : null, now],
      ),
    );
    if (state === 'failed') this.logger.warn(`robot message ${row.id} failed for good: ${error ?? ''}`);
  }
}
