import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 办结销号 with evidence (issue #11): the lead department's head attaches the acceptance evidence
 * to its close-out request, so an attachment now belongs to a report, a contribution or a close-out
 * request, exactly one of them.
 */
export class CloseOutEvidence1764820000000 implements MigrationInterface {
  name = 'CloseOutEvidence1764820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE attachment ADD COLUMN close_out_request_id uuid
         CONSTRAINT fk_attachment_close_out_request REFERENCES close_out_request (id) ON DELETE RESTRICT`,
    );
    await db.query(`ALTER TABLE attachment DROP CONSTRAINT ck_attachment_one_owner`);
    await db.query(
      `ALTER TABLE attachment ADD CONSTRAINT ck_attachment_one_owner
         CHECK (num_nonnulls(report_id, contribution_id, close_out_request_id) = 1)`,
    );
    await db.query(`CREATE INDEX ix_attachment_close_out_request ON attachment (close_out_request_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM attachment WHERE close_out_request_id IS NOT NULL`);
    await db.query(`DROP INDEX ix_attachment_close_out_request`);
    await db.query(`ALTER TABLE attachment DROP CONSTRAINT ck_attachment_one_owner`);
    await db.query(`ALTER TABLE attachment DROP COLUMN close_out_request_id`);
    await db.query(
      `ALTER TABLE attachment ADD CONSTRAINT ck_attachment_one_owner CHECK ((report_id IS NULL) <> (contribution_id IS NULL))`,
    );
  }
}
