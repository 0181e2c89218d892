import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 抓落实 workflow: tasks with milestones and indicators, progress reports with every submitted
 * version kept, co-owners' contributions, evidence attachments (in the database, so every api
 * instance serves them), plan amendments, notifications and idempotency records.
 */
export class Workflow1764300000000 implements MigrationInterface {
  name = 'Workflow1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // Trigram search for the `q` filter: PostgreSQL has no Chinese full-text parser.
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await db.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        work_item_code varchar(8) NOT NULL CONSTRAINT fk_task_work_item REFERENCES work_item (code) ON DELETE RESTRICT,
        title varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        lead_department_id uuid NOT NULL CONSTRAINT fk_task_lead_department REFERENCES department (id) ON DELETE RESTRICT,
        start_date date,
        due_date date NOT NULL,
        -- the plan as assigned: plan drift is measured against it
        baseline_due_date date,
        reporting_cycle varchar(10) NOT NULL DEFAULT 'monthly'
          CONSTRAINT ck_task_reporting_cycle CHECK (reporting_cycle IN ('monthly', 'quarterly')),
        status varchar(12) NOT NULL DEFAULT 'draft'
          CONSTRAINT ck_task_status CHECK (status IN ('draft', 'assigned', 'in_progress', 'completed', 'cancelled')),
        assigned_at timestamptz,
        closed_at timestamptz,
        cancel_reason text,
        -- derived by computeRag() (libs/domain) on every change and at each business day's start;
        -- stored only so lists and dashboards can filter and count in SQL
        rag varchar(5) CONSTRAINT ck_task_rag CHECK (rag IN ('red', 'amber', 'green')),
        rag_reasons text[] NOT NULL DEFAULT '{}',
        overdue boolean NOT NULL DEFAULT false,
        percent_complete smallint NOT NULL DEFAULT 0,
        expected_percent smallint,
        rag_computed_on date,
        created_by_id uuid NOT NULL CONSTRAINT fk_task_created_by REFERENCES app_user (id) ON DELETE RESTRICT,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_task_dates CHECK (start_date IS NULL OR start_date <= due_date)
      )`);
    await db.query(`CREATE INDEX ix_task_lead_department ON task (lead_department_id)`);
    await db.query(`CREATE INDEX ix_task_work_item ON task (work_item_code)`);
    await db.query(`CREATE INDEX ix_task_status_rag ON task (status, rag)`);
    await db.query(`CREATE INDEX ix_task_title_trgm ON task USING gin (title gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE task_co_department (
        task_id uuid NOT NULL CONSTRAINT fk_task_co_department_task REFERENCES task (id) ON DELETE CASCADE,
        department_id uuid NOT NULL CONSTRAINT fk_task_co_department_department REFERENCES department (id) ON DELETE RESTRICT,
        CONSTRAINT pk_task_co_department PRIMARY KEY (task_id, department_id)
      )`);
    await db.query(`CREATE INDEX ix_task_co_department_department ON task_co_department (department_id)`);

    await db.query(`
      CREATE TABLE milestone (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_milestone_task REFERENCES task (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        title varchar(200) NOT NULL,
        planned_date date NOT NULL,
        baseline_planned_date date,
        done_date date
      )`);
    await db.query(`CREATE INDEX ix_milestone_task ON milestone (task_id, position)`);

    await db.query(`
      CREATE TABLE indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_indicator_task REFERENCES task (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        name varchar(100) NOT NULL,
        unit varchar(8) NOT NULL,
        baseline numeric NOT NULL,
        target numeric NOT NULL,
        baseline_target numeric,
        direction varchar(4) NOT NULL CONSTRAINT ck_indicator_direction CHECK (direction IN ('up', 'down'))
      )`);
    await db.query(`CREATE INDEX ix_indicator_task ON indicator (task_id, position)`);

    await db.query(`
      CREATE TABLE progress_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_progress_report_task REFERENCES task (id) ON DELETE RESTRICT,
        period varchar(7) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'draft'
          CONSTRAINT ck_progress_report_status CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
        revision integer NOT NULL DEFAULT 0,
        percent_complete smallint NOT NULL CONSTRAINT ck_progress_report_percent CHECK (percent_complete BETWEEN 0 AND 100),
        summary text NOT NULL,
        problems text NOT NULL DEFAULT '',
        next_steps text NOT NULL DEFAULT '',
        indicator_actuals jsonb NOT NULL DEFAULT '[]',
        final boolean NOT NULL DEFAULT false,
        percent_decrease_reason text,
        author_id uuid NOT NULL CONSTRAINT fk_progress_report_author REFERENCES app_user (id) ON DELETE RESTRICT,
        submitted_by_id uuid CONSTRAINT fk_progress_report_submitted_by REFERENCES app_user (id) ON DELETE RESTRICT,
        submitted_at timestamptz,
        first_submitted_at timestamptz,
        return_count integer NOT NULL DEFAULT 0,
        review_comment text,
        score smallint CONSTRAINT ck_progress_report_score CHECK (score BETWEEN 0 AND 100),
        reviewed_by_id uuid CONSTRAINT fk_progress_report_reviewed_by REFERENCES app_user (id) ON DELETE RESTRICT,
        reviewed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_progress_report_task_period UNIQUE (task_id, period)
      )`);
    await db.query(`CREATE INDEX ix_progress_report_status ON progress_report (status, submitted_at)`);

    // Every submission is a numbered revision that stays readable after a return.
    await db.query(`
      CREATE TABLE progress_report_version (
        report_id uuid NOT NULL CONSTRAINT fk_progress_report_version_report REFERENCES progress_report (id) ON DELETE RESTRICT,
        revision integer NOT NULL,
        content jsonb NOT NULL,
        submitted_at timestamptz NOT NULL,
        submitted_by_id uuid NOT NULL CONSTRAINT fk_progress_report_version_submitted_by REFERENCES app_user (id) ON DELETE RESTRICT,
        decision varchar(7) CONSTRAINT ck_progress_report_version_decision CHECK (decision IN ('approve', 'return')),
        review_comment text,
        score smallint,
        reviewed_at timestamptz,
        reviewed_by_id uuid CONSTRAINT fk_progress_report_version_reviewed_by REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT pk_progress_report_version PRIMARY KEY (report_id, revision)
      )`);

    await db.query(`
      CREATE TABLE contribution (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_contribution_task REFERENCES task (id) ON DELETE RESTRICT,
        department_id uuid NOT NULL CONSTRAINT fk_contribution_department REFERENCES department (id) ON DELETE RESTRICT,
        period varchar(7) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'draft' CONSTRAINT ck_contribution_status CHECK (status IN ('draft', 'submitted')),
        percent_complete smallint NOT NULL CONSTRAINT ck_contribution_percent CHECK (percent_complete BETWEEN 0 AND 100),
        summary text NOT NULL,
        problems text NOT NULL DEFAULT '',
        next_steps text NOT NULL DEFAULT '',
        indicator_actuals jsonb NOT NULL DEFAULT '[]',
        author_id uuid NOT NULL CONSTRAINT fk_contribution_author REFERENCES app_user (id) ON DELETE RESTRICT,
        submitted_by_id uuid CONSTRAINT fk_contribution_submitted_by REFERENCES app_user (id) ON DELETE RESTRICT,
        submitted_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_contribution_task_department_period UNIQUE (task_id, department_id, period)
      )`);

    await db.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid CONSTRAINT fk_attachment_report REFERENCES progress_report (id) ON DELETE RESTRICT,
        contribution_id uuid CONSTRAINT fk_attachment_contribution REFERENCES contribution (id) ON DELETE RESTRICT,
        -- the report revision this file was added to (evidence of which submission)
        revision integer NOT NULL DEFAULT 0,
        file_name varchar(200) NOT NULL,
        content_type varchar(100) NOT NULL,
        size integer NOT NULL,
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by_id uuid NOT NULL CONSTRAINT fk_attachment_uploaded_by REFERENCES app_user (id) ON DELETE RESTRICT,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_attachment_one_owner CHECK ((report_id IS NULL) <> (contribution_id IS NULL))
      )`);
    await db.query(`CREATE INDEX ix_attachment_report ON attachment (report_id)`);
    await db.query(`CREATE INDEX ix_attachment_contribution ON attachment (contribution_id)`);

    await db.query(`
      CREATE TABLE amendment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL CONSTRAINT fk_amendment_task REFERENCES task (id) ON DELETE RESTRICT,
        status varchar(10) NOT NULL CONSTRAINT ck_amendment_status CHECK (status IN ('proposed', 'approved', 'rejected')),
        reason text NOT NULL,
        changes jsonb NOT NULL,
        proposed_by_id uuid NOT NULL CONSTRAINT fk_amendment_proposed_by REFERENCES app_user (id) ON DELETE RESTRICT,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        decided_by_id uuid CONSTRAINT fk_amendment_decided_by REFERENCES app_user (id) ON DELETE RESTRICT,
        decided_at timestamptz,
        decision_comment text,
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE INDEX ix_amendment_task ON amendment (task_id, proposed_at)`);

    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT fk_notification_user REFERENCES app_user (id) ON DELETE CASCADE,
        kind varchar(20) NOT NULL,
        task_id uuid CONSTRAINT fk_notification_task REFERENCES task (id) ON DELETE CASCADE,
        report_id uuid CONSTRAINT fk_notification_report REFERENCES progress_report (id) ON DELETE CASCADE,
        payload jsonb NOT NULL DEFAULT '{}',
        -- one reminder per (kind, task, period, user): a second scheduler run or api process inserts nothing
        dedupe_key varchar(200) CONSTRAINT uq_notification_dedupe_key UNIQUE,
        emailed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await db.query(`CREATE INDEX ix_notification_user ON notification (user_id, created_at DESC)`);

    // Idempotency-Key replays: the first response, per caller and key.
    await db.query(`
      CREATE TABLE idempotency_record (
        user_id uuid NOT NULL CONSTRAINT fk_idempotency_record_user REFERENCES app_user (id) ON DELETE CASCADE,
        key varchar(200) NOT NULL,
        request_hash char(64) NOT NULL,
        status integer NOT NULL,
        location text,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_record PRIMARY KEY (user_id, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_record',
      'notification',
      'amendment',
      'attachment',
      'contribution',
      'progress_report_version',
      'progress_report',
      'indicator',
      'milestone',
      'task_co_department',
      'task',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
