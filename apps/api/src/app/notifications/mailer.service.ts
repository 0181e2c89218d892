import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NodemailerError } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { NotificationKind } from '@zibo/domain';
import { notificationMail } from './notification-mail';

interface ClaimedRow {
  id: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  email: string;
  display_name: string;
}

export interface MailRunResult {
  sent: number;
  failed: number;
}

const BATCH = 100;

// Mail about something older than this is noise (the in-app list has it): when SMTP_URL is first
// set, or an address is added, the backlog is not sent.
const MAX_AGE = '7 days';

/**
 * E-mails in-app notifications to users with an address, when SMTP_URL is set. Each notification
 * is mailed at most once across every api process: a row is claimed (emailed_at set and committed,
 * locked rows skipped) before its mail is sent.
 */
@Injectable()
export class MailerService {
  private readonly logger = new Logger(MailerService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  /** Sends every pending notification mail; a no-op without SMTP_URL. */
  async sendPending(): Promise<MailRunResult> {
    const result: MailRunResult = { sent: 0, failed: 0 };
    if (!this.config.smtpUrl) return result;
    // nodemailer loads with the first run that has mail to send: an idle api does not carry it.
    const { createTransport } = await import('nodemailer');
    // One pooled connection per run, closed at its end: nothing stays open between runs.
    const transport = createTransport(
      {
        pool: true,
        maxConnections: 1,
        url: this.config.smtpUrl,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      },
      { from: this.config.smtpFrom },
    );
    const messageIdDomain = /@([^>\s]+)>?\s*$/.exec(this.config.smtpFrom)?.[1] ?? 'localhost';
    try {
      for (;;) {
        const batch = await this.claim();
        for (const [index, row] of batch.entries()) {
          const mail = notificationMail({ kind: row.kind, payload: row.payload, recipientName: row.display_name });
          try {
            await transport.sendMail({
              to: { name: row.display_name, address: row.email },
              subject: mail.subject,
              text: mail.text,
              // Stable per notification: a mail client shows a duplicate (should one ever slip out) once.
              messageId: `<notification.${row.id}@${messageIdDomain}>`,
              headers: { 'Auto-Submitted': 'auto-generated' },
            });
            result.sent++;
          } catch (error) {
            result.failed++;
            const problem = error as NodemailerError;
            if (problem.permanent) {
              // The server refused this message for good (bad address…): keep it claimed, do not retry.
              this.logger.warn(`notification ${row.id}: mail refused (${problem.message}); not retried`);
              continue;
            }
            // Server unreachable or busy: give this and the rest of the batch back for the next run.
            const unsent = batch.slice(index).map((r) => r.id);
            await this.release(unsent);
            this.logger.warn(`mail server failed (${problem.message}); ${unsent.length} mail(s) left for the next run`);
            return result;
          }
        }
        if (batch.length < BATCH) return result;
      }
    } finally {
      transport.close();
    }
  }

  /**
   * Claims up to one batch: sets emailed_at and commits before anything is sent, skipping rows
   * another process holds, so two processes never mail the same notification.
   */
  private claim(): Promise<ClaimedRow[]> {
    return this.unitOfWork.run((tx) =>
      tx.query(
        `WITH claimed AS (
           UPDATE notification SET emailed_at = now()
            WHERE id IN (SELECT n.id FROM notification n JOIN app_user u ON u.id = n.user_id
                          WHERE n.emailed_at IS NULL AND n.read_at IS NULL
                            AND n.created_at > now() - $1::interval
                            AND u.email IS NOT NULL AND NOT u.locked
                          ORDER BY n.created_at, n.id
                          LIMIT $2
                            FOR UPDATE OF n SKIP LOCKED)
           RETURNING id, user_id, kind, payload, created_at)
         SELECT c.id, c.kind, c.payload, u.email, u.display_name
           FROM claimed c JOIN app_user u ON u.id = c.user_id
          ORDER BY c.created_at, c.id`,
        [MAX_AGE, BATCH],
      ),
    );
  }

  private async release(ids: string[]): Promise<void> {
    await this.unitOfWork.run((tx) => tx.query('UPDATE notification SET emailed_at = NULL WHERE id = ANY($1)', [ids]));
  }
}
