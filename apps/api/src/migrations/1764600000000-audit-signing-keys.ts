import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public key of every key that ever signed audit checkpoints (docs/rules.md: old public keys stay
 * verifiable after a rotation). Append-only like the other audit tables.
 */
export class AuditSigningKeys1764600000000 implements MigrationInterface {
  name = 'AuditSigningKeys1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_signing_key (
        -- the first 16 hex digits of SHA-256 over the public key's DER, as checkpoints name it
        key_id char(16) PRIMARY KEY,
        public_key_pem text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TRIGGER tr_audit_signing_key_no_update_delete BEFORE UPDATE OR DELETE ON audit_signing_key
        FOR EACH ROW EXECUTE FUNCTION audit_reject_change()`);
    await db.query(`
      CREATE TRIGGER tr_audit_signing_key_no_truncate BEFORE TRUNCATE ON audit_signing_key
        FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_signing_key`);
  }
}
