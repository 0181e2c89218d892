import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, dashboard: each indicator keeps its latest counted actual — the value the latest (by
 * period) submitted or approved report of its task gives it, and that report's period — so the
 * dashboard reads one value per indicator instead of walking every counted report's
 * `indicator_actuals` on every request (a cost that grew with history).
 *
 * Kept by triggers, not by the services: every writer of `progress_report` (the report workflow,
 * the demo data, the scale seeder's COPY, a raw statement in a test or by an operator) then keeps it
 * in the same transaction, and the rule is written once, here. The statuses that count are the
 * domain's COUNTED_REPORT_STATUSES (submitted, approved); dashboard-latest-actual.integration-spec
 * checks this function against that list and against the scan after random workflows.
 *
 * Statement-level triggers with transition tables: a COPY of many reports recomputes each touched
 * task once. The indicator rows of the touched tasks are locked first (in id order) and only then
 * recomputed by a second statement: under READ COMMITTED that statement sees whatever a concurrent
 * writer of the same task committed while this one waited, so the last committer's value is the
 * latest; under REPEATABLE READ the wait ends in a serialization failure rather than a stale value.
 */
export class IndicatorLatestActual1764870000000 implements MigrationInterface {
  name = 'IndicatorLatestActual1764870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE indicator ADD COLUMN latest_actual numeric, ADD COLUMN latest_actual_period varchar(7)`,
    );
    await db.query(`
      CREATE FUNCTION indicator_latest_actual_refresh(task_ids uuid[]) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        IF task_ids IS NULL OR cardinality(task_ids) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM indicator WHERE task_id = ANY(task_ids) ORDER BY id FOR UPDATE;
        UPDATE indicator i
           SET latest_actual = la.value, latest_actual_period = la.period
          FROM indicator i2
          LEFT JOIN LATERAL (
               SELECT (a ->> 'value')::numeric AS value, r.period
                 FROM progress_report r, jsonb_array_elements(r.indicator_actuals) a
                WHERE r.task_id = i2.task_id AND r.status IN ('submitted', 'approved')
                  AND a ->> 'indicatorId' = i2.id::text
                ORDER BY r.period DESC LIMIT 1) la ON true
         WHERE i2.task_id = ANY(task_ids) AND i.id = i2.id
           AND (i.latest_actual IS DISTINCT FROM la.value OR i.latest_actual_period IS DISTINCT FROM la.period);
      END $$`);
    await db.query(`
      CREATE FUNCTION indicator_latest_actual_on_report() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT task_id) INTO touched FROM new_rows
           WHERE status IN ('submitted', 'approved');
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(DISTINCT task_id) INTO touched FROM old_rows
           WHERE status IN ('submitted', 'approved');
        ELSE
          SELECT array_agg(DISTINCT x.task_id) INTO touched
            FROM old_rows o JOIN new_rows n ON n.id = o.id,
                 LATERAL (VALUES (o.task_id), (n.task_id)) x (task_id)
           WHERE (o.status IN ('submitted', 'approved') OR n.status IN ('submitted', 'approved'))
             AND (o.status IS DISTINCT FROM n.status OR o.indicator_actuals IS DISTINCT FROM n.indicator_actuals
                  OR o.period IS DISTINCT FROM n.period OR o.task_id IS DISTINCT FROM n.task_id);
        END IF;
        PERFORM indicator_latest_actual_refresh(touched);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_progress_report_latest_actual_insert AFTER INSERT ON progress_report
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_latest_actual_on_report()`);
    await db.query(`
      CREATE TRIGGER tr_progress_report_latest_actual_update AFTER UPDATE ON progress_report
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION indicator_latest_actual_on_report()`);
    await db.query(`
      CREATE TRIGGER tr_progress_report_latest_actual_delete AFTER DELETE ON progress_report
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_latest_actual_on_report()`);
    // TRUNCATE carries no transition table: every maintained value goes.
    await db.query(`
      CREATE FUNCTION indicator_latest_actual_on_truncate() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE indicator SET latest_actual = NULL, latest_actual_period = NULL WHERE latest_actual_period IS NOT NULL;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_progress_report_latest_actual_truncate AFTER TRUNCATE ON progress_report
        FOR EACH STATEMENT EXECUTE FUNCTION indicator_latest_actual_on_truncate()`);
    // A new indicator starts from whatever counted report already names it (none, unless its id
    // was taken over from a replaced one).
    await db.query(`
      CREATE FUNCTION indicator_latest_actual_on_indicator() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        SELECT (a ->> 'value')::numeric, r.period INTO NEW.latest_actual, NEW.latest_actual_period
          FROM progress_report r, jsonb_array_elements(r.indicator_actuals) a
         WHERE r.task_id = NEW.task_id AND r.status IN ('submitted', 'approved')
           AND a ->> 'indicatorId' = NEW.id::text
         ORDER BY r.period DESC LIMIT 1;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_indicator_latest_actual BEFORE INSERT OR UPDATE OF id, task_id ON indicator
        FOR EACH ROW EXECUTE FUNCTION indicator_latest_actual_on_indicator()`);
    await db.query(`SELECT indicator_latest_actual_refresh(ARRAY(SELECT DISTINCT task_id FROM indicator))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER tr_indicator_latest_actual ON indicator`);
    await db.query(`DROP TRIGGER tr_progress_report_latest_actual_truncate ON progress_report`);
    await db.query(`DROP TRIGGER tr_progress_report_latest_actual_delete ON progress_report`);
    await db.query(`DROP TRIGGER tr_progress_report_latest_actual_update ON progress_report`);
    await db.query(`DROP TRIGGER tr_progress_report_latest_actual_insert ON progress_report`);
    await db.query(`DROP FUNCTION indicator_latest_actual_on_indicator()`);
    await db.query(`DROP FUNCTION indicator_latest_actual_on_truncate()`);
    await db.query(`DROP FUNCTION indicator_latest_actual_on_report()`);
    await db.query(`DROP FUNCTION indicator_latest_actual_refresh(uuid[])`);
    await db.query(`ALTER TABLE indicator DROP COLUMN latest_actual_period, DROP COLUMN latest_actual`);
  }
}
