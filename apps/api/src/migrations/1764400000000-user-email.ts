import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An e-mail address per user, optional: reminders are mailed to users who have one. */
export class UserEmail1764400000000 implements MigrationInterface {
  name = 'UserEmail1764400000000';

  async up(db: QueryRunner): Promise<void> {
    // 254: the longest address SMTP can carry (RFC 5321 path limit less the angle brackets).
    await db.query(`ALTER TABLE app_user ADD COLUMN email varchar(254)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP COLUMN email`);
  }
}
