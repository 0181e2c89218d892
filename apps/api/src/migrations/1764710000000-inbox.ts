import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The to-do inbox: a draft report staff handed over to their head (`ready_at`, cleared when it is
 * submitted), and an index for the committee's pending amendments, listed oldest first.
 */
export class Inbox1764710000000 implements MigrationInterface {
  name = 'Inbox1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE progress_report ADD COLUMN ready_at timestamptz`);
    await db.query(`
      ALTER TABLE progress_report ADD COLUMN ready_by_id uuid
        CONSTRAINT fk_progress_report_ready_by REFERENCES app_user (id) ON DELETE RESTRICT`);
    await db.query(`CREATE INDEX ix_amendment_proposed ON amendment (proposed_at) WHERE status = 'proposed'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_amendment_proposed`);
    await db.query(`ALTER TABLE progress_report DROP COLUMN ready_by_id`);
    await db.query(`ALTER TABLE progress_report DROP COLUMN ready_at`);
  }
}
