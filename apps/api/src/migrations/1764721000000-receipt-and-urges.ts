import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 签收 receipt as fields of the task (not a status), 催办 urges with their escalation level, and
 * each department's supervising leader (分管领导), who receives the level-3 red notice.
 */
export class ReceiptAndUrges1764721000000 implements MigrationInterface {
  name = 'ReceiptAndUrges1764721000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE task
        -- when the current receipt window opened: assignment, a new lead department, or the committee insisting
        ADD COLUMN receipt_opened_at timestamptz,
        ADD COLUMN accepted_at timestamptz,
        ADD COLUMN accepted_by_id uuid CONSTRAINT fk_task_accepted_by REFERENCES app_user (id) ON DELETE SET NULL,
        ADD COLUMN declined_at timestamptz,
        ADD COLUMN declined_by_id uuid CONSTRAINT fk_task_declined_by REFERENCES app_user (id) ON DELETE SET NULL,
        ADD COLUMN decline_reason text,
        ADD COLUMN insisted_at timestamptz,
        ADD COLUMN insisted_by_id uuid CONSTRAINT fk_task_insisted_by REFERENCES app_user (id) ON DELETE SET NULL,
        ADD COLUMN insist_comment text`);
    // Tasks assigned before receipt existed count as accepted at assignment: nobody is urged for the past.
    await db.query(`
      UPDATE task SET receipt_opened_at = assigned_at, accepted_at = assigned_at
       WHERE assigned_at IS NOT NULL`);
    await db.query(`
      ALTER TABLE department
        ADD COLUMN supervising_leader_id uuid
          CONSTRAINT fk_department_supervising_leader REFERENCES app_user (id) ON DELETE SET NULL`);
    await db.query(`
      CREATE TABLE urge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_urge_task REFERENCES task (id) ON DELETE CASCADE,
        -- the lead department at the time of the urge
        department_id uuid NOT NULL CONSTRAINT fk_urge_department REFERENCES department (id) ON DELETE RESTRICT,
        message text NOT NULL,
        respond_by date NOT NULL,
        -- NULL: an automatic urge of the reminder job
        created_by_id uuid CONSTRAINT fk_urge_created_by REFERENCES app_user (id) ON DELETE SET NULL,
        -- once per automatic reason (a task left unaccepted in one receipt window): the job's dedupe key
        auto_key varchar(200) CONSTRAINT uq_urge_auto_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by_id uuid CONSTRAINT fk_urge_acknowledged_by REFERENCES app_user (id) ON DELETE SET NULL,
        response text,
        responded_at timestamptz,
        responded_by_id uuid CONSTRAINT fk_urge_responded_by REFERENCES app_user (id) ON DELETE SET NULL,
        level smallint NOT NULL DEFAULT 1 CONSTRAINT ck_urge_level CHECK (level BETWEEN 1 AND 3),
        escalated_at timestamptz,
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE INDEX ix_urge_task ON urge (task_id, created_at)`);
    await db.query(`CREATE INDEX ix_urge_department ON urge (department_id, created_at DESC)`);
    // The escalation pass reads only unanswered urges below the top level.
    await db.query(`CREATE INDEX ix_urge_unanswered ON urge (respond_by) WHERE responded_at IS NULL AND level < 3`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE urge`);
    await db.query(`ALTER TABLE department DROP COLUMN supervising_leader_id`);
    await db.query(`
      ALTER TABLE task
        DROP COLUMN receipt_opened_at, DROP COLUMN accepted_at, DROP COLUMN accepted_by_id,
        DROP COLUMN declined_at, DROP COLUMN declined_by_id, DROP COLUMN decline_reason,
        DROP COLUMN insisted_at, DROP COLUMN insisted_by_id, DROP COLUMN insist_comment`);
  }
}
