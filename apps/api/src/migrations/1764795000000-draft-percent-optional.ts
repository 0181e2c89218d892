import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft report or contribution may be saved without its percent complete (issue #10): the percent
 * is required at submit, like the summary. The range checks stay (NULL passes a CHECK).
 */
export class DraftPercentOptional1764795000000 implements MigrationInterface {
  name = 'DraftPercentOptional1764795000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE progress_report ALTER COLUMN percent_complete DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE contribution ALTER COLUMN percent_complete DROP NOT NULL`);
    // Only drafts may lack it: everything submitted, returned or approved has one.
    await queryRunner.query(
      `ALTER TABLE progress_report ADD CONSTRAINT ck_progress_report_percent_submitted
         CHECK (percent_complete IS NOT NULL OR status = 'draft')`,
    );
    await queryRunner.query(
      `ALTER TABLE contribution ADD CONSTRAINT ck_contribution_percent_submitted
         CHECK (percent_complete IS NOT NULL OR status = 'draft')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE contribution DROP CONSTRAINT ck_contribution_percent_submitted`);
    await queryRunner.query(`ALTER TABLE progress_report DROP CONSTRAINT ck_progress_report_percent_submitted`);
    await queryRunner.query(`UPDATE contribution SET percent_complete = 0 WHERE percent_complete IS NULL`);
    await queryRunner.query(`UPDATE progress_report SET percent_complete = 0 WHERE percent_complete IS NULL`);
    await queryRunner.query(`ALTER TABLE contribution ALTER COLUMN percent_complete SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE progress_report ALTER COLUMN percent_complete SET NOT NULL`);
  }
}
