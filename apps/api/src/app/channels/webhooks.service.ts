import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type PutWebhookInput,
  type WebhookKind,
  type WebhookUrlProblem,
  type WebhookView,
  channelMessage,
  maskWebhookUrl,
  normaliseHost,
  webhookUrlProblem,
} from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Clock } from '../../core/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { problems } from '../../core/problems/problem.exception';
import { AuditWriter } from '../audit';
import type { DepartmentAnnouncement } from '../notifications';
import { WebhookSealing } from './webhook-sealing';

interface WebhookRow {
  id: string;
  kind: WebhookKind;
  host: string;
  masked_url: string;
  signed: boolean;
  updated_at: Date;
  last_state: 'pending' | 'sending' | 'sent' | 'failed' | null;
  last_at: Date | null;
  last_error: string | null;
}

const actorOf = (user: AuthUser) => ({ id: user.id, role: user.role, departmentId: user.departmentId });

const PROBLEM_MESSAGES: Record<WebhookUrlProblem, string> = {
  not_url: 'Must be an https:// URL',
  not_https: 'Must be https://',
  host_not_allowed: 'This host is not on the allow-list (WEBHOOK_HOSTS)',
  credentials_in_url: 'Must not carry a user name or password',
  too_long: 'Too long',
};

// What the audit log keeps of a robot: never the URL's key or the secret, only that they changed.
const auditedFields = (row: { kind: string; host: string; masked_url: string; signed: boolean }) => ({
  kind: row.kind,
  host: row.host,
  maskedUrl: row.masked_url,
  signed: row.signed,
  url: '[redacted]',
});

/**
 * The 企业微信 / 钉钉 group robots of each department, kept by the system administrator, and the
 * outbox their messages wait in. URLs and secrets are sealed at rest and never leave the api.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly sealing: WebhookSealing,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(departmentId: string): Promise<WebhookView[]> {
    return this.unitOfWork.run((tx) => this.listIn(tx, departmentId));
  }

  /** Sets (creates or replaces) the department's robot of one kind. */
  async put(
    actor: AuthUser,
    departmentId: string,
    kind: WebhookKind,
    input: PutWebhookInput,
  ): Promise<{ view: WebhookView; created: boolean }> {
    const problem = webhookUrlProblem(input.url, this.config.webhooks);
    if (problem) {
      throw problems.unprocessable([{ field: 'url', code: problem, message: PROBLEM_MESSAGES[problem] }]);
    }
    if (input.secret && kind !== 'dingtalk') {
      throw problems.unprocessable([
        { field: 'secret', code: 'not_signed_kind', message: 'Only 钉钉 robots have a signing secret' },
      ]);
    }
    const url = new URL(input.url);
    const host = normaliseHost(url.hostname);
    const masked = maskWebhookUrl(input.url);
    const secret = input.secret ? this.sealing.seal(input.secret) : null;
    return this.unitOfWork.run(async (tx) => {
      const [before]: { id: string; kind: string; host: string; masked_url: string; signed: boolean }[] =
        await tx.query(
          `SELECT id, kind, host, masked_url, secret_sealed IS NOT NULL AS signed FROM department_webhook
            WHERE department_id = $1 AND kind = $2 FOR UPDATE`,
          [departmentId, kind],
        );
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO department_webhook (department_id, kind, url_sealed, host, masked_url, secret_sealed)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (department_id, kind) DO UPDATE
            SET url_sealed = EXCLUDED.url_sealed, host = EXCLUDED.host, masked_url = EXCLUDED.masked_url,
                secret_sealed = EXCLUDED.secret_sealed, updated_at = now()
         RETURNING id`,
        [departmentId, kind, this.sealing.seal(input.url), host, masked, secret],
      );
      if (!row) throw new Error('department_webhook upsert returned nothing');
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: before ? 'webhook.update' : 'webhook.create',
        entityType: 'department_webhook',
        entityId: row.id,
        departmentId,
        before: before ? auditedFields(before) : null,
        after: auditedFields({ kind, host, masked_url: masked, signed: secret !== null }),
      });
      const view = (await this.listIn(tx, departmentId)).find((w) => w.kind === kind);
      if (!view) throw new Error('department_webhook vanished');
      return { view, created: !before };
    });
  }

  async remove(actor: AuthUser, departmentId: string, kind: WebhookKind): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const [removed]: { id: string; kind: string; host: string; masked_url: string; signed: boolean }[] =
        await tx.query(
          `WITH removed AS (DELETE FROM department_webhook WHERE department_id = $1 AND kind = $2 RETURNING *)
           SELECT id, kind, host, masked_url, secret_sealed IS NOT NULL AS signed FROM removed`,
          [departmentId, kind],
        );
      if (!removed) throw problems.notFound('webhook');
      await this.audit.append(tx, {
        actor: actorOf(actor),
        action: 'webhook.remove',
        entityType: 'department_webhook',
        entityId: removed.id,
        departmentId,
        before: auditedFields(removed),
      });
    });
  }

  /**
   * Puts a message for each robot of the departments into the outbox, in the transaction of the
   * change that causes it: the message goes if and only if the change commits. Once-only
   * notifications (the reminder job's) get one row per robot and key.
   */
  async enqueue(tx: EntityManager, announcement: DepartmentAnnouncement): Promise<void> {
    const message = channelMessage(announcement.kind, announcement.payload);
    if (!message || !announcement.departmentIds.length) return;
    const robots: { id: string }[] = await tx.query(
      `SELECT id FROM department_webhook WHERE department_id = ANY($1) ORDER BY id`,
      [announcement.departmentIds],
    );
    if (!robots.length) return;
    const now = this.clock.now();
    const key = announcement.dedupeKey;
    await tx.query(
      `INSERT INTO channel_delivery (webhook_id, notification_kind, task_id, message, dedupe_key, next_attempt_at, created_at)
       SELECT w, $2, $3, $4, k, $5, $5 FROM unnest($1::uuid[], $6::text[]) AS x(w, k)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        robots.map((r) => r.id),
        announcement.kind,
        announcement.taskId,
        JSON.stringify(message),
        now,
        robots.map((r) => (key ? key(`webhook:${r.id}`) : null)),
      ],
    );
  }

  private async listIn(tx: EntityManager, departmentId: string): Promise<WebhookView[]> {
    const rows: WebhookRow[] = await tx.query(
      `SELECT w.id, w.kind, w.host, w.masked_url, w.secret_sealed IS NOT NULL AS signed, w.updated_at,
              d.state AS last_state, COALESCE(d.finished_at, d.created_at) AS last_at, d.last_error
         FROM department_webhook w
         LEFT JOIN LATERAL (SELECT state, finished_at, created_at, last_error FROM channel_delivery
                             WHERE webhook_id = w.id ORDER BY created_at DESC, id DESC LIMIT 1) d ON true
        WHERE w.department_id = $1 ORDER BY w.kind`,
      [departmentId],
    );
    return rows.map(toView);
  }
}

function toView(r: WebhookRow): WebhookView {
  return {
    kind: r.kind,
    host: r.host,
    maskedUrl: r.masked_url,
    signed: r.signed,
    updatedAt: r.updated_at.toISOString(),
    lastDelivery:
      r.last_state && r.last_at ? { state: r.last_state, at: r.last_at.toISOString(), error: r.last_error } : null,
  };
}
