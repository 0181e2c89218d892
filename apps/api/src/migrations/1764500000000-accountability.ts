import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accountability records: signed checkpoints of the audit chain, status snapshots taken when a
 * period closes (so "why was this red in May" has an answer), and an index for task histories.
 * Both new tables are append-only like the audit log.
 */
export class Accountability1764500000000 implements MigrationInterface {
  name = 'Accountability1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_checkpoint (
        seq bigint PRIMARY KEY,
        head_hash char(64) NOT NULL,
        event_count bigint NOT NULL,
        at timestamptz NOT NULL,
        key_id char(16) NOT NULL,
        -- the canonical JSON that was signed, and its Ed25519 signature (base64)
        payload text NOT NULL,
        signature text NOT NULL
      )`);
    await db.query(`
      CREATE TRIGGER tr_audit_checkpoint_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoint
        FOR EACH ROW EXECUTE FUNCTION audit_reject_change()`);
    await db.query(`
      CREATE TRIGGER tr_audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
        FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()`);

    await db.query(`
      CREATE TABLE status_snapshot (
        task_id uuid NOT NULL CONSTRAINT fk_status_snapshot_task REFERENCES task (id) ON DELETE RESTRICT,
        period varchar(7) NOT NULL,
        taken_at timestamptz NOT NULL,
        status varchar(12) NOT NULL,
        rag varchar(5),
        overdue boolean NOT NULL,
        percent_complete smallint NOT NULL,
        expected_percent smallint,
        reasons text[] NOT NULL,
        compliance varchar(8),
        indicator_actuals jsonb NOT NULL,
        -- everything computeRag() was given, so the light can be recomputed and explained later
        inputs jsonb NOT NULL,
        CONSTRAINT pk_status_snapshot PRIMARY KEY (task_id, period)
      )`);
    await db.query(`CREATE INDEX ix_status_snapshot_taken_at ON status_snapshot (taken_at)`);
    await db.query(`
      CREATE TRIGGER tr_status_snapshot_no_update_delete BEFORE UPDATE OR DELETE ON status_snapshot
        FOR EACH ROW EXECUTE FUNCTION audit_reject_change()`);

    await db.query(`CREATE INDEX ix_audit_event_entity_id ON audit_event (entity_id, seq)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_audit_event_entity_id`);
    await db.query(`DROP TABLE status_snapshot`);
    await db.query(`DROP TABLE audit_checkpoint`);
  }
}
