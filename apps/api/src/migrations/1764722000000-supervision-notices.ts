import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 三色督办单: colour-coded supervision notices, numbered per year (文号), answered by the lead department. */
export class SupervisionNotices1764722000000 implements MigrationInterface {
  name = 'SupervisionNotices1764722000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE supervision_notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year smallint NOT NULL,
        serial integer NOT NULL,
        task_id uuid NOT NULL CONSTRAINT fk_supervision_notice_task REFERENCES task (id) ON DELETE CASCADE,
        -- the lead department at the time of the notice
        department_id uuid NOT NULL CONSTRAINT fk_supervision_notice_department REFERENCES department (id) ON DELETE RESTRICT,
        colour varchar(6) NOT NULL CONSTRAINT ck_supervision_notice_colour CHECK (colour IN ('blue', 'yellow', 'red')),
        text text NOT NULL,
        respond_by date NOT NULL,
        -- NULL: issued by escalation (a level-3 urge)
        issued_by_id uuid CONSTRAINT fk_supervision_notice_issued_by REFERENCES app_user (id) ON DELETE SET NULL,
        urge_id uuid CONSTRAINT fk_supervision_notice_urge REFERENCES urge (id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        response text,
        responded_at timestamptz,
        responded_by_id uuid CONSTRAINT fk_supervision_notice_responded_by REFERENCES app_user (id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1,
        -- 文号: one number per notice and year, however many processes issue at once
        CONSTRAINT uq_supervision_notice_number UNIQUE (year, serial),
        -- an urge escalates to at most one notice
        CONSTRAINT uq_supervision_notice_urge UNIQUE (urge_id)
      )`);
    await db.query(`CREATE INDEX ix_supervision_notice_task ON supervision_notice (task_id, issued_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE supervision_notice`);
  }
}
