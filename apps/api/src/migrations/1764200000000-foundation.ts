import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: departments, users, sign-in throttling, the 2021 focus areas with their
 * 30 work items (reference data, verbatim from the work plan), and the append-only audit log.
 * Never edit once on main; add a new migration instead.
 */
export class Foundation1764200000000 implements MigrationInterface {
  name = 'Foundation1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE department (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL CONSTRAINT uq_department_code UNIQUE,
        name varchar(100) NOT NULL,
        name_en varchar(100),
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL CONSTRAINT uq_app_user_username UNIQUE,
        display_name varchar(100) NOT NULL,
        role varchar(16) NOT NULL
          CONSTRAINT ck_app_user_role CHECK (role IN ('admin', 'committee', 'dept_head', 'dept_staff', 'auditor')),
        department_id uuid CONSTRAINT fk_app_user_department REFERENCES department (id) ON DELETE RESTRICT,
        password_hash text NOT NULL,
        locked boolean NOT NULL DEFAULT false,
        language varchar(8) NOT NULL DEFAULT 'zh-CN',
        -- bumped on lock, password reset and role change: invalidates tokens issued before
        session_version integer NOT NULL DEFAULT 1,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_app_user_department_role
          CHECK (role NOT IN ('dept_head', 'dept_staff') OR department_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX ix_app_user_department ON app_user (department_id)`);

    // Failed sign-ins per submitted username (existing or not), shared by every api process.
    await db.query(`
      CREATE TABLE login_throttle (
        username varchar(64) PRIMARY KEY,
        failures timestamptz[] NOT NULL DEFAULT '{}',
        locked_until timestamptz
      )`);

    await db.query(`
      CREATE TABLE focus_area (
        code varchar(8) PRIMARY KEY,
        position smallint NOT NULL CONSTRAINT uq_focus_area_position UNIQUE,
        name varchar(100) NOT NULL,
        name_en varchar(200) NOT NULL,
        target varchar(200) NOT NULL,
        target_en varchar(200) NOT NULL
      )`);
    await db.query(`
      CREATE TABLE work_item (
        code varchar(8) PRIMARY KEY,
        focus_area_code varchar(8) NOT NULL
          CONSTRAINT fk_work_item_focus_area REFERENCES focus_area (code) ON DELETE RESTRICT,
        position smallint NOT NULL,
        name varchar(100) NOT NULL,
        name_en varchar(200) NOT NULL,
        CONSTRAINT uq_work_item_position UNIQUE (focus_area_code, position)
      )`);
    await db.query(`
      INSERT INTO focus_area (code, position, name, name_en, target, target_en) VALUES
      ('FA1', 1, '聚焦创新驱动', 'Focus on innovation-driven development', '推进自主创新示范区建设', 'Advance the national independent innovation demonstration zone'),
      ('FA2', 2, '聚焦新旧动能转换', 'Focus on replacing old growth drivers with new ones', '加快高端产业集群发展', 'Accelerate the growth of high-end industrial clusters'),
      ('FA3', 3, '聚力提升城市品质', 'Raise the quality of the city', '推动现代化精致城市建设', 'Build a modern, refined city'),
      ('FA4', 4, '聚焦对外开放大局', 'Focus on opening up to the world', '提升经济外向度', 'Make the economy more outward-oriented'),
      ('FA5', 5, '聚焦全面深化改革', 'Focus on deepening reform across the board', '提升区域发展活力', 'Invigorate the zone''s development'),
      ('FA6', 6, '聚焦优化营商环境', 'Focus on improving the business environment', '提升发展环境', 'Improve the environment for development'),
      ('FA7', 7, '聚焦民生改善', 'Focus on improving people''s livelihoods', '提升群众获得感幸福感安全感', 'Raise people''s sense of gain, happiness and security'),
      ('FA8', 8, '聚焦全面从严治党', 'Focus on strict Party self-governance in every respect', '营造良好政治生态', 'Foster a sound political environment')`);
    await db.query(`
      INSERT INTO work_item (code, focus_area_code, position, name, name_en) VALUES
      ('FA1.1', 'FA1', 1, '加快建设高能级发展平台', 'Speed up building high-level development platforms'),
      ('FA1.2', 'FA1', 2, '加快壮大创新型产业集群', 'Speed up growing innovative industrial clusters'),
      ('FA1.3', 'FA1', 3, '加快做优创新创业生态', 'Speed up improving the innovation and entrepreneurship ecosystem'),
      ('FA2.1', 'FA2', 1, '聚力壮大主导产业集群', 'Concentrate on growing the leading industrial clusters'),
      ('FA2.2', 'FA2', 2, '聚力推动重大项目建设', 'Concentrate on building major projects'),
      ('FA2.3', 'FA2', 3, '聚力抓好“双招双引”', 'Concentrate on attracting investment, talent and know-how ("dual attraction")'),
      ('FA3.1', 'FA3', 1, '大力推进重点城建工程建设', 'Push forward key urban construction projects'),
      ('FA3.2', 'FA3', 2, '大力推进先创区建设', 'Push forward the pioneering innovation district'),
      ('FA3.3', 'FA3', 3, '大力推进城市化发展进程', 'Push forward urbanisation'),
      ('FA3.4', 'FA3', 4, '大力推进智慧城市建设', 'Push forward the smart city'),
      ('FA3.5', 'FA3', 5, '大力推进城市精细化管理', 'Push forward fine-grained urban management'),
      ('FA4.1', 'FA4', 1, '高标准建设发展综合保税区', 'Build and develop the comprehensive bonded zone to a high standard'),
      ('FA4.2', 'FA4', 2, '高标准建设淄博内陆港', 'Build the Zibo inland port to a high standard'),
      ('FA4.3', 'FA4', 3, '高标准建设国际合作平台', 'Build international cooperation platforms to a high standard'),
      ('FA5.1', 'FA5', 1, '纵深推进“管委会+”体制机制改革', 'Deepen the "management committee +" institutional reform'),
      ('FA5.2', 'FA5', 2, '持续深化“放管服”改革', 'Keep deepening the "streamline, regulate, serve" reform'),
      ('FA5.3', 'FA5', 3, '破题园区市场化运营管理机制', 'Break new ground in market-based park operation and management'),
      ('FA5.4', 'FA5', 4, '突出做好“土地”文章', 'Make the most of land resources'),
      ('FA6.1', 'FA6', 1, '全力做优政务服务环境', 'Make government services excellent'),
      ('FA6.2', 'FA6', 2, '全力打造法治环境', 'Build a sound rule-of-law environment'),
      ('FA6.3', 'FA6', 3, '全力优化人居环境', 'Improve the living environment'),
      ('FA6.4', 'FA6', 4, '全力改善生态环境', 'Improve the ecological environment'),
      ('FA7.1', 'FA7', 1, '坚决兜住民生底线', 'Hold the basic livelihood safety net firmly'),
      ('FA7.2', 'FA7', 2, '深入推进社会事业发展', 'Advance social programmes in depth'),
      ('FA7.3', 'FA7', 3, '全面筑牢安全防线', 'Build strong public-safety defences on every front'),
      ('FA7.4', 'FA7', 4, '加强和创新社会治理', 'Strengthen and innovate social governance'),
      ('FA8.1', 'FA8', 1, '深入推进党的政治建设', 'Advance the Party''s political development in depth'),
      ('FA8.2', 'FA8', 2, '深入推进基层党组织建设', 'Strengthen grassroots Party organisations'),
      ('FA8.3', 'FA8', 3, '深入推进干部队伍建设', 'Build a strong force of officials'),
      ('FA8.4', 'FA8', 4, '深入推进党风廉政建设和反腐败斗争', 'Advance clean governance and the fight against corruption')`);

    // The audit log: one row per change, hash-chained (docs/rules.md). No foreign keys on purpose:
    // the log must outlive and never block what it describes.
    await db.query(`
      CREATE TABLE audit_event (
        seq bigint PRIMARY KEY CONSTRAINT ck_audit_event_seq CHECK (seq > 0),
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_role varchar(16),
        department_id uuid,
        action varchar(64) NOT NULL,
        entity_type varchar(32) NOT NULL,
        entity_id varchar(64),
        before jsonb,
        after jsonb,
        request_id varchar(64),
        ip varchar(64),
        sha256 char(64),
        canonical text NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT uq_audit_event_hash UNIQUE (hash),
        -- two events claiming the same predecessor would fork the chain
        CONSTRAINT uq_audit_event_prev_hash UNIQUE (prev_hash)
      )`);
    await db.query(`CREATE INDEX ix_audit_event_entity ON audit_event (entity_type, entity_id, seq)`);
    await db.query(`CREATE INDEX ix_audit_event_actor ON audit_event (actor_id, seq)`);
    await db.query(`CREATE INDEX ix_audit_event_department ON audit_event (department_id, seq)`);
    await db.query(`CREATE INDEX ix_audit_event_at ON audit_event (at)`);
    await db.query(`
      CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit log is append-only: % on % rejected', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_reject_change()`);
    await db.query(`
      CREATE TRIGGER tr_audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_event`);
    await db.query(`DROP FUNCTION audit_reject_change()`);
    await db.query(`DROP TABLE work_item`);
    await db.query(`DROP TABLE focus_area`);
    await db.query(`DROP TABLE login_throttle`);
    await db.query(`DROP TABLE app_user`);
    await db.query(`DROP TABLE department`);
  }
}
