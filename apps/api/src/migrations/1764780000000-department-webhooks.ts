import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 企业微信 / 钉钉 group robots per department, and the outbox of their messages. The URL (it carries
 * the robot's key) and the signing secret are stored sealed (AES-256-GCM under a key derived from
 * JWT_SECRET): a read of the table alone does not leak them.
 */
export class DepartmentWebhooks1764780000000 implements MigrationInterface {
  name = 'DepartmentWebhooks1764780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE department_webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        department_id uuid NOT NULL CONSTRAINT fk_department_webhook_department REFERENCES department (id) ON DELETE CASCADE,
        kind varchar(10) NOT NULL CONSTRAINT ck_department_webhook_kind CHECK (kind IN ('wecom', 'dingtalk')),
        url_sealed text NOT NULL,
        -- what the administrator is shown: the host and a masked URL (never the key itself)
        host varchar(255) NOT NULL,
        masked_url varchar(300) NOT NULL,
        secret_sealed text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_department_webhook_kind UNIQUE (department_id, kind)
      )`);
    await db.query(`
      CREATE TABLE channel_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL CONSTRAINT fk_channel_delivery_webhook REFERENCES department_webhook (id) ON DELETE CASCADE,
        notification_kind varchar(20) NOT NULL,
        task_id uuid CONSTRAINT fk_channel_delivery_task REFERENCES task (id) ON DELETE CASCADE,
        message jsonb NOT NULL,
        -- once-only messages of the reminder job (report due, escalation): one row per robot
        dedupe_key varchar(300) CONSTRAINT uq_channel_delivery_dedupe UNIQUE,
        state varchar(8) NOT NULL DEFAULT 'pending'
          CONSTRAINT ck_channel_delivery_state CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
        attempts smallint NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        -- a claim's lease: a process that died while sending gives the row back when it runs out
        claimed_until timestamptz,
        last_error varchar(500),
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX ix_channel_delivery_due ON channel_delivery (next_attempt_at) WHERE state IN ('pending', 'sending')`,
    );
    await db.query(`CREATE INDEX ix_channel_delivery_webhook ON channel_delivery (webhook_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE channel_delivery`);
    await db.query(`DROP TABLE department_webhook`);
  }
}
