import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES_BEFORE = `'admin', 'committee', 'dept_head', 'dept_staff', 'auditor'`;

/**
 * 三员分立: the security administrator joins the roles; and a per-user window that caps how many
 * access denials a minute become audit events (a loop of refused requests must not flood the chain).
 */
export class SeparationOfDuties1764660000000 implements MigrationInterface {
  name = 'SeparationOfDuties1764660000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_role`);
    await db.query(`
      ALTER TABLE app_user ADD CONSTRAINT ck_app_user_role
        CHECK (role IN (${ROLES_BEFORE}, 'security_admin'))`);
    // One row per user, locked while a denial is decided, so every api process counts in the same place.
    await db.query(`
      CREATE TABLE access_denial_window (
        user_id uuid PRIMARY KEY CONSTRAINT fk_access_denial_window_user REFERENCES app_user (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        -- denials of this window written to the audit log, and those only counted
        recorded integer NOT NULL,
        suppressed integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE access_denial_window`);
    // Fails while a security administrator exists: give that account another role first.
    await db.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_role`);
    await db.query(`ALTER TABLE app_user ADD CONSTRAINT ck_app_user_role CHECK (role IN (${ROLES_BEFORE}))`);
  }
}
