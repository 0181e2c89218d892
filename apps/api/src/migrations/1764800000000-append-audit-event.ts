import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain's append in one statement (issue 12, "where the time goes" 3): the writer's
 * three round trips under the chain lock (lock, head, insert) become one call, so the lock is
 * held from the head read to the commit and no longer across network round trips in between.
 *
 * The api still canonicalises the record (RFC 8785) and checks the hash the database computed;
 * the function only splices in the next sequence number, which the canonical text holds at a
 * known place (`…"seq":<n>,"sha256":…`, keys sorted), and hashes prev_hash || canonical with
 * SHA-256 as audit-chain.ts does. SECURITY INVOKER (the default): it runs with the caller's
 * rights, so the runtime role still only inserts into audit_event.
 */
export class AppendAuditEvent1764800000000 implements MigrationInterface {
  name = 'AppendAuditEvent1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION append_audit_event(
        p_lock_key bigint, p_at timestamptz, p_actor_id uuid, p_actor_role varchar, p_department_id uuid,
        p_action varchar, p_entity_type varchar, p_entity_id varchar, p_before jsonb, p_after jsonb,
        p_request_id varchar, p_ip varchar, p_sha256 char(64), p_canonical_head text, p_canonical_tail text)
      RETURNS TABLE (appended_seq bigint, appended_prev_hash text, appended_hash text)
      LANGUAGE plpgsql AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
        new_canonical text;
        new_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(p_lock_key);
        SELECT e.seq, e.hash INTO head_seq, head_hash FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
        head_seq := COALESCE(head_seq, 0) + 1;
        head_hash := COALESCE(head_hash, repeat('0', 64));
        new_canonical := p_canonical_head || head_seq::text || p_canonical_tail;
        new_hash := encode(sha256(convert_to(head_hash || new_canonical, 'UTF8')), 'hex');
        INSERT INTO audit_event (seq, at, actor_id, actor_role, department_id, action, entity_type, entity_id,
                                 before, after, request_id, ip, sha256, canonical, prev_hash, hash)
        VALUES (head_seq, p_at, p_actor_id, p_actor_role, p_department_id, p_action, p_entity_type, p_entity_id,
                p_before, p_after, p_request_id, p_ip, p_sha256, new_canonical, head_hash, new_hash);
        RETURN QUERY SELECT head_seq, head_hash, new_hash;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP FUNCTION append_audit_event(bigint, timestamptz, uuid, varchar, uuid, varchar, varchar, varchar, jsonb,
                                        jsonb, varchar, varchar, char, text, text)`,
    );
  }
}
