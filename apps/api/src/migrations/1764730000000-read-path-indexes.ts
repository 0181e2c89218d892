import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the hot read paths (issue 12, "where the time goes"): task lists in their order
 * (due date, then id, also for the cursor), the dashboard's look-up of each task's report for a
 * period (an index-only probe per task instead of a scan of every report), and the probe for
 * statuses not computed today that runs before every list and dashboard.
 */
export class ReadPathIndexes1764730000000 implements MigrationInterface {
  name = 'ReadPathIndexes1764730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_task_due_date_id ON task (due_date, id)`);
    await db.query(
      `CREATE INDEX ix_progress_report_period_task ON progress_report (period, task_id) INCLUDE (first_submitted_at)`,
    );
    await db.query(
      `CREATE INDEX ix_task_open_rag_computed ON task (rag_computed_on) WHERE status IN ('assigned', 'in_progress')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_task_open_rag_computed`);
    await db.query(`DROP INDEX ix_progress_report_period_task`);
    await db.query(`DROP INDEX ix_task_due_date_id`);
  }
}
