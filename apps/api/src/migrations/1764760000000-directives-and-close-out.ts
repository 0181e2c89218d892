import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 领导批示 directives of committee members on a task or one of its reports, answered by the lead
 * department's head; 办结销号 close-out requests of the lead head, rejected or signed off by the committee.
 */
export class DirectivesAndCloseOut1764760000000 implements MigrationInterface {
  name = 'DirectivesAndCloseOut1764760000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE directive (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_directive_task REFERENCES task (id) ON DELETE CASCADE,
        -- written on one report of the task (NULL: on the task itself)
        report_id uuid CONSTRAINT fk_directive_report REFERENCES progress_report (id) ON DELETE CASCADE,
        -- the lead department at the time of the directive: its head answers
        department_id uuid NOT NULL CONSTRAINT fk_directive_department REFERENCES department (id) ON DELETE RESTRICT,
        text text NOT NULL,
        respond_by date NOT NULL,
        issued_by_id uuid CONSTRAINT fk_directive_issued_by REFERENCES app_user (id) ON DELETE SET NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        response text,
        responded_at timestamptz,
        responded_by_id uuid CONSTRAINT fk_directive_responded_by REFERENCES app_user (id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE INDEX ix_directive_task ON directive (task_id, issued_at)`);
    await db.query(`CREATE INDEX ix_directive_department ON directive (department_id, issued_at DESC)`);
    // The inbox reads the unanswered ones.
    await db.query(`CREATE INDEX ix_directive_pending ON directive (respond_by) WHERE responded_at IS NULL`);
    await db.query(`
      CREATE TABLE close_out_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_close_out_request_task REFERENCES task (id) ON DELETE CASCADE,
        department_id uuid NOT NULL CONSTRAINT fk_close_out_request_department REFERENCES department (id) ON DELETE RESTRICT,
        summary text NOT NULL,
        requested_by_id uuid CONSTRAINT fk_close_out_request_requested_by REFERENCES app_user (id) ON DELETE SET NULL,
        requested_at timestamptz NOT NULL,
        rejected_at timestamptz,
        rejected_by_id uuid CONSTRAINT fk_close_out_request_rejected_by REFERENCES app_user (id) ON DELETE SET NULL,
        reject_reason text,
        signed_at timestamptz,
        signed_by_id uuid CONSTRAINT fk_close_out_request_signed_by REFERENCES app_user (id) ON DELETE SET NULL,
        CONSTRAINT ck_close_out_request_decided_once CHECK (rejected_at IS NULL OR signed_at IS NULL)
      )`);
    await db.query(`CREATE INDEX ix_close_out_request_task ON close_out_request (task_id, requested_at DESC)`);
    // At most one request waits for the committee per task, however many heads click at once.
    await db.query(`
      CREATE UNIQUE INDEX uq_close_out_request_open ON close_out_request (task_id)
       WHERE rejected_at IS NULL AND signed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE close_out_request`);
    await db.query(`DROP TABLE directive`);
  }
}
