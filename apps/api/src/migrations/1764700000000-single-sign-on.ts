import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES = `'admin', 'security_admin', 'committee', 'dept_head', 'dept_staff', 'auditor'`;

/**
 * Single sign-on: the table the security administrator keeps (a provider claim value → role and
 * department), and the provider's subject on the account it signed in (the only thing that links
 * a provider account to a local one: never the username or the e-mail address).
 */
export class SingleSignOn1764700000000 implements MigrationInterface {
  name = 'SingleSignOn1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE oidc_mapping (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_value varchar(200) NOT NULL CONSTRAINT uq_oidc_mapping_claim_value UNIQUE,
        role varchar(16) NOT NULL CONSTRAINT ck_oidc_mapping_role CHECK (role IN (${ROLES})),
        department_id uuid CONSTRAINT fk_oidc_mapping_department REFERENCES department (id) ON DELETE RESTRICT,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- department roles name their department (the rule of app_user)
        CONSTRAINT ck_oidc_mapping_department CHECK (role NOT IN ('dept_head', 'dept_staff') OR department_id IS NOT NULL)
      )`);
    await db.query(`ALTER TABLE app_user ADD COLUMN oidc_issuer varchar(500), ADD COLUMN oidc_subject varchar(255)`);
    await db.query(`
      CREATE UNIQUE INDEX uq_app_user_oidc_subject ON app_user (oidc_issuer, oidc_subject)
        WHERE oidc_subject IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX uq_app_user_oidc_subject`);
    await db.query(`ALTER TABLE app_user DROP COLUMN oidc_subject, DROP COLUMN oidc_issuer`);
    await db.query(`DROP TABLE oidc_mapping`);
  }
}
