import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 督查通报 monthly bulletins (a snapshot of the figures + the committee's narrative), and comments with mentions. */
export class BulletinsAndComments1764770000000 implements MigrationInterface {
  name = 'BulletinsAndComments1764770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulletin (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period varchar(7) NOT NULL,
        title varchar(200) NOT NULL,
        narrative text NOT NULL DEFAULT '',
        -- the figures as computed when drafted or refreshed: a published bulletin never changes with the data
        content jsonb NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'draft' CONSTRAINT ck_bulletin_status CHECK (status IN ('draft', 'published')),
        -- 文号, assigned at publication
        year smallint,
        serial integer,
        created_by_id uuid CONSTRAINT fk_bulletin_created_by REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        published_by_id uuid CONSTRAINT fk_bulletin_published_by REFERENCES app_user (id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1,
        -- one bulletin per month, however many committee members draft at once
        CONSTRAINT uq_bulletin_period UNIQUE (period),
        CONSTRAINT uq_bulletin_number UNIQUE (year, serial),
        CONSTRAINT ck_bulletin_published CHECK ((status = 'published') = (serial IS NOT NULL AND published_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX ix_bulletin_period ON bulletin (period DESC, id DESC)`);
    await db.query(`
      CREATE TABLE task_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_task_comment_task REFERENCES task (id) ON DELETE CASCADE,
        -- set for a comment on one of the task's reports
        report_id uuid CONSTRAINT fk_task_comment_report REFERENCES progress_report (id) ON DELETE CASCADE,
        author_id uuid CONSTRAINT fk_task_comment_author REFERENCES app_user (id) ON DELETE SET NULL,
        author_role varchar(20),
        text text NOT NULL,
        mentions uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX ix_task_comment_task ON task_comment (task_id, created_at, id) WHERE report_id IS NULL`,
    );
    await db.query(
      `CREATE INDEX ix_task_comment_report ON task_comment (report_id, created_at, id) WHERE report_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE task_comment`);
    await db.query(`DROP TABLE bulletin`);
  }
}
