#!/usr/bin/env node
// The floor of `npm run bench`: the api's hot endpoints on plain `node:http` + `pg`, no framework,
// against the same database with the same visibility rules and the same JSON (ETags included),
// the same authentication work (HS256 token check plus the one-statement session check) and the
// same audit-chain append. It is what the api could cost at best; the bench reports api / floor.
//
// The rules and the JSON come from the domain library and the api's pure view functions, bundled
// by the bench from bench/floor-kernel.ts (FLOOR_KERNEL names the bundle): never rewritten here.
// Not a product: it knows only the bench's requests (no Idempotency-Key, no cursors' 400s).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const k = await import(process.env.FLOOR_KERNEL);
const env = process.env;
const ZONE = env.BUSINESS_TZ ?? 'Asia/Shanghai';
const DUE_DAY = Number(env.REPORT_DUE_DAY ?? 5);
const IDLE_MS = Number(env.SESSION_IDLE_MINUTES ?? 30) * 60_000;
const SECRET = env.JWT_SECRET;

pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// The api's pool size, so neither side gets more database connections.
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 20, application_name: 'zibo-floor' });
pool.on('error', (error) => process.stderr.write(`floor: idle client: ${error.message}\n`));

class HttpError extends Error {
  constructor(status, slug, title, extra = {}) {
    super(title);
    Object.assign(this, { status, slug, title, extra });
  }
}
const notFound = (what) => new HttpError(404, 'not-found', 'Not found', { detail: `No such ${what}` });
const forbidden = () => new HttpError(403, 'forbidden', 'Forbidden');
const unauthenticated = () => new HttpError(401, 'unauthenticated', 'Unauthenticated');
const unprocessable = (errors) => new HttpError(422, 'unprocessable', 'Unprocessable', { errors });
const invalid = (error) =>
  new HttpError(400, 'invalid', 'Invalid', {
    errors: error.issues?.map((i) => ({ field: i.path.join('.'), code: i.code, message: i.message })),
  });
const parse = (schema, value) => {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw invalid(result.error);
  return result.data;
};

// ---- authentication: what SessionAuthenticator does --------------------------------------------

const b64json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
function verifyToken(header) {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '');
  if (!match) return null;
  const [h, p, s] = match[1].split('.');
  if (!h || !p || !s) return null;
  try {
    if (b64json(h).alg !== 'HS256') return null;
    const expected = createHmac('sha256', SECRET).update(`${h}.${p}`).digest();
    const given = Buffer.from(s, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = b64json(p);
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== 'zibo-supervision' || claims.aud !== 'zibo-supervision/api') return null;
    if (typeof claims.exp !== 'number' || claims.exp <= now || (claims.nbf ?? 0) > now) return null;
    return claims;
  } catch {
    return null;
  }
}

async function authenticate(req, db) {
  const claims = verifyToken(req.headers.authorization);
  if (!claims || typeof claims.sid !== 'string' || typeof claims.sub !== 'string') throw unauthenticated();
  const now = new Date();
  const background = req.headers['x-background'] === '1';
  const { rows } = await db.query(
    `WITH touched AS (
       UPDATE auth_session SET last_seen_at = $3
        WHERE id = $1 AND NOT $4 AND revoked_at IS NULL AND expires_at > $3
          AND last_seen_at > $5 AND last_seen_at < $6
        RETURNING id)
     SELECT u.id, u.username, u.display_name, u.role, u.department_id, u.locked, u.session_version,
            s.id AS session_id, s.user_session_version, s.expires_at, s.last_seen_at, s.revoked_at
       FROM auth_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.id = $1 AND s.user_id = $2`,
    [claims.sid, claims.sub, now, background, new Date(now.getTime() - IDLE_MS), new Date(now.getTime() - 10_000)],
  );
  const row = rows[0];
  const alive =
    row &&
    row.revoked_at === null &&
    row.expires_at > now &&
    row.last_seen_at.getTime() > now.getTime() - IDLE_MS &&
    !row.locked &&
    row.session_version === row.user_session_version;
  if (!alive) throw unauthenticated();
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    departmentId: row.department_id,
    sessionId: row.session_id,
  };
}

// ---- rows to the api's entity shapes (the view functions take those) ---------------------------

// Every column of the task row: the api's own row mapping (taskFromRow, typed against every column of
// the entity) turns it into the entity shape, so a column added to the task reaches the floor too.
const TASK_COLUMNS = `t.*`;

const taskOf = (r) => k.taskFromRow({ ...r, co_department_ids: r.co ?? [] });

// The latest report the reader may see, as LATERAL columns on `t` (TasksService.latestReports).
function latestReportJoin(user, firstParam) {
  const visible = k.visibleRecordCondition(user, k.reportColumns('r', 't'), firstParam);
  return {
    params: visible.params,
    sql: `LEFT JOIN LATERAL (
      SELECT r.id AS r_id, r.period AS r_period, r.status AS r_status, r.revision AS r_revision,
             r.percent_complete AS r_percent, r.submitted_at AS r_submitted_at, v.decision AS r_last_decision,
             (v.content ->> 'percentComplete')::int AS r_last_percent, v.submitted_at AS r_last_submitted_at
        FROM progress_report r
        LEFT JOIN progress_report_version v ON v.report_id = r.id AND v.revision = r.revision
       WHERE r.task_id = t.id AND ${visible.sql}
       ORDER BY r.period DESC LIMIT 1) lr ON true`,
  };
}

function latestReportOf(user, r) {
  if (!r.r_id) return null;
  const access = k.recordAccess(user, {
    ownerDepartmentId: r.lead_department_id,
    status: r.r_status,
    submittedRevisions: r.r_revision,
  });
  const asSubmitted = access === 'last-submitted';
  const submittedAt = asSubmitted ? r.r_last_submitted_at : r.r_submitted_at;
  return {
    id: r.r_id,
    period: r.r_period,
    status: asSubmitted ? k.lastSubmittedStatus(r.r_last_decision) : r.r_status,
    revision: r.r_revision,
    percentComplete: asSubmitted ? (r.r_last_percent ?? r.r_percent) : r.r_percent,
    submittedAt: submittedAt ? submittedAt.toISOString() : null,
  };
}

const CO = `ARRAY(SELECT department_id FROM task_co_department WHERE task_id = t.id ORDER BY department_id) AS co`;

// ---- endpoints -----------------------------------------------------------------------------------

const READERS = ['tasks:read-all', 'tasks:read-own-department'];
const requireAny = (user, permissions) => {
  if (!k.hasAnyPermission(user.role, permissions)) throw forbidden();
};

async function listTasks(db, user, url) {
  requireAny(user, READERS);
  const query = parse(k.listTasksQuerySchema, Object.fromEntries(url.searchParams));
  const visible = k.visibleTaskCondition(user, 't', 1);
  const params = [...visible.params];
  const where = [visible.sql];
  const add = (sql, value) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (query.focusArea) add((p) => `t.work_item_code LIKE ${p}`, `${query.focusArea}.%`);
  if (query.workItem) add((p) => `t.work_item_code = ${p}`, query.workItem);
  if (query.department) {
    add(
      (p) =>
        `(t.lead_department_id = ${p} OR EXISTS (SELECT 1 FROM task_co_department d WHERE d.task_id = t.id AND d.department_id = ${p}))`,
      query.department,
    );
  }
  if (query.status) add((p) => `t.status = ${p}`, query.status);
  if (query.rag) add((p) => `t.rag = ${p}`, query.rag);
  if (query.overdue !== undefined) add((p) => `t.overdue = ${p}`, query.overdue);
  if (query.q) add((p) => `t.title ILIKE ${p}`, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.cursor) {
    // The api's keyset cursor: [sort key, its value, id] (the bench lists in the default order).
    const [, due, id] = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    params.push(due, id);
    where.push(`(t.due_date, t.id) > ($${params.length - 1}::date, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  const limit = `$${params.length}`;
  const latest = latestReportJoin(user, params.length + 1);
  const { rows } = await db.query(
    `SELECT ${TASK_COLUMNS}, ${CO}, lr.* FROM (
       SELECT * FROM task t WHERE ${where.join(' AND ')} ORDER BY t.due_date, t.id LIMIT ${limit}) t
     ${latest.sql} ORDER BY t.due_date, t.id`,
    [...params, ...latest.params],
  );
  const items = rows.slice(0, query.limit).map((r) => k.toTaskListItem(taskOf(r), latestReportOf(user, r)));
  const last = items[items.length - 1];
  return {
    body: {
      items,
      nextCursor:
        rows.length > query.limit && last
          ? Buffer.from(JSON.stringify(['dueDate', last.dueDate, last.id]), 'utf8').toString('base64url')
          : null,
    },
  };
}

const USER_TASK_ACTIONS = { assign: 'task.assign', complete: 'task.complete', cancel: 'task.cancel' };
const ACCEPT_WORKING_DAYS = Number(env.ACCEPT_WORKING_DAYS ?? 3);
const relationOf = (user, task) =>
  k.taskRelation(user.departmentId, {
    leadDepartmentId: task.leadDepartmentId,
    coDepartmentIds: task.coDepartments.map((c) => c.departmentId),
  });
const isoOf = (value) => (value ? new Date(value).toISOString() : null);
// The close-out request as the api's view has it (json_build_object gives PostgreSQL's timestamps).
function closeOutOf(c) {
  if (!c) return null;
  return {
    ...c,
    state: c.signedAt ? 'signed' : c.rejectedAt ? 'rejected' : 'requested',
    requestedAt: isoOf(c.requestedAt),
    rejectedAt: isoOf(c.rejectedAt),
    signedAt: isoOf(c.signedAt),
    attachments: c.attachments.map((a) => ({ ...a, uploadedAt: isoOf(a.uploadedAt) })),
  };
}
async function calendarOf(db) {
  const { rows } = await db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_day`);
  return k.workingCalendar(rows.map((r) => ({ date: r.day, kind: r.kind })));
}
function allowedActions(user, task, completable) {
  const relation = relationOf(user, task);
  return k.allowedTaskActions(task.status).filter((action) => {
    const workflowAction = USER_TASK_ACTIONS[action];
    if (action === 'complete' && !completable) return false;
    return workflowAction !== undefined && k.mayAct(user.role, relation, workflowAction);
  });
}

async function taskDetail(db, user, id) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('task');
  const visible = k.visibleTaskCondition(user, 't', 2);
  const latest = latestReportJoin(user, 2 + visible.params.length);
  const { rows } = await db.query(
    `SELECT ${TASK_COLUMNS}, ${CO}, lr.*,
            (SELECT COALESCE(json_agg(json_build_object('id', m.id, 'position', m.position, 'title', m.title,
                      'plannedDate', m.planned_date, 'baselinePlannedDate', m.baseline_planned_date,
                      'doneDate', m.done_date)), '[]') FROM milestone m WHERE m.task_id = t.id) AS milestones,
            (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'position', i.position, 'name', i.name,
                      'unit', i.unit, 'baseline', i.baseline, 'target', i.target,
                      'baselineTarget', i.baseline_target, 'direction', i.direction)), '[]')
               FROM indicator i WHERE i.task_id = t.id) AS indicators,
            EXISTS (SELECT 1 FROM progress_report f WHERE f.task_id = t.id AND f.status = 'approved' AND f.final
                       AND f.percent_complete = 100) AS completable,
            (SELECT COALESCE(json_agg(json_build_object('id', a.indicator_id, 'value', a.value, 'period', a.period)), '[]')
               FROM (SELECT DISTINCT ON (a->>'indicatorId') a->>'indicatorId' AS indicator_id,
                            (a->>'value')::numeric AS value, x.period
                       FROM progress_report x, jsonb_array_elements(x.indicator_actuals) a
                      WHERE x.task_id = t.id AND x.status IN ('submitted', 'approved')
                      ORDER BY a->>'indicatorId', x.period DESC) a) AS actuals,
            (SELECT json_build_object('id', c.id, 'taskId', c.task_id, 'summary', c.summary,
                      'requestedAt', c.requested_at, 'requestedById', c.requested_by_id,
                      'requestedByName', requester.display_name, 'rejectedAt', c.rejected_at,
                      'rejectedByName', rejecter.display_name, 'rejectReason', c.reject_reason,
                      'signedAt', c.signed_at, 'signedById', c.signed_by_id, 'signedByName', signer.display_name,
                      'attachments', (SELECT COALESCE(json_agg(json_build_object('id', f.id, 'fileName', f.file_name,
                                        'contentType', f.content_type, 'size', f.size, 'sha256', f.sha256,
                                        'uploadedAt', f.uploaded_at, 'uploadedById', f.uploaded_by_id,
                                        'revision', f.revision) ORDER BY f.uploaded_at, f.id), '[]')
                                        FROM attachment f WHERE f.close_out_request_id = c.id))
               FROM close_out_request c
               LEFT JOIN app_user requester ON requester.id = c.requested_by_id
               LEFT JOIN app_user rejecter ON rejecter.id = c.rejected_by_id
               LEFT JOIN app_user signer ON signer.id = c.signed_by_id
              WHERE c.task_id = t.id
              ORDER BY c.requested_at DESC, c.id DESC LIMIT 1) AS close_out
       FROM task t ${latest.sql}
      WHERE t.id = $1 AND ${visible.sql}`,
    [id, ...visible.params, ...latest.params],
  );
  const row = rows[0];
  if (!row) throw notFound('task');
  const task = taskOf(row);
  const actuals = new Map(row.actuals.map((a) => [a.id, { value: a.value, period: a.period }]));
  const closeOut = closeOutOf(row.close_out);
  const closeOutActions = k.allowedCloseOutActions(task.status, closeOut);
  const relation = relationOf(user, task);
  const signable = row.completable && closeOutActions.includes('sign');
  const view = k.toTaskView(task, latestReportOf(user, row), actuals, allowedActions(user, task, signable), {
    // As the api: the working-day calendar is read only while the receipt is pending.
    acceptBy:
      k.receiptState(task) === 'pending' && task.receiptOpenedAt
        ? k.acceptBy(task.receiptOpenedAt, ACCEPT_WORKING_DAYS, await calendarOf(db), ZONE)
        : null,
    allowedReceiptActions: k
      .allowedReceiptActions(task)
      .filter((action) => k.mayAct(user.role, relation, k.RECEIPT_WORKFLOW_ACTIONS[action])),
  });
  const body = {
    ...view,
    closeOut,
    allowedCloseOutActions: closeOutActions.filter((action) =>
      k.mayAct(user.role, relation, k.CLOSE_OUT_WORKFLOW_ACTIONS[action]),
    ),
  };
  return { body, etag: `"${view.version}"` };
}

function periodsAt(instant) {
  return Object.fromEntries(
    k.REPORTING_CYCLES.map((cycle) => {
      const current = k.currentReportingPeriod(instant, cycle, DUE_DAY, ZONE);
      const lastClosed = k.previousPeriod(current);
      return [cycle, { current, lastClosed, lastClosedDeadline: k.deadlineOf(lastClosed, DUE_DAY, ZONE) }];
    }),
  );
}

async function dashboard(db, user) {
  requireAny(user, ['dashboard:read']);
  const now = new Date();
  const periods = periodsAt(now);
  const visible = k.visibleTaskCondition(user, 't', 6);
  // The api's query (DashboardService.build), areas and departments in the same statement.
  const { rows } = await db.query(
    `SELECT t.id, t.title, t.work_item_code, t.lead_department_id, t.status, t.rag, t.overdue, t.percent_complete,
            t.due_date, t.reporting_cycle,
            CASE WHEN t.assigned_at IS NULL THEN NULL ELSE
              to_char(GREATEST(COALESCE(t.start_date, (t.assigned_at AT TIME ZONE $1)::date), (t.assigned_at AT TIME ZONE $1)::date),
                      CASE t.reporting_cycle WHEN 'monthly' THEN 'YYYY-MM' ELSE 'YYYY-"Q"Q' END) END AS first_owed,
            (SELECT r.first_submitted_at FROM progress_report r
              WHERE r.task_id = t.id AND r.period = CASE t.reporting_cycle WHEN 'monthly' THEN $2 ELSE $4 END)
              AS last_closed_submitted_at,
            EXISTS (SELECT 1 FROM progress_report r
              WHERE r.task_id = t.id AND r.first_submitted_at IS NOT NULL
                AND r.period = CASE t.reporting_cycle WHEN 'monthly' THEN $3 ELSE $5 END) AS current_submitted,
            (SELECT COALESCE(json_agg(json_build_object('baseline', i.baseline, 'target', i.target, 'actual', la.value)
                                      ORDER BY i.position), '[]')
               FROM indicator i
               LEFT JOIN LATERAL (SELECT (a ->> 'value')::numeric AS value
                      FROM progress_report r, jsonb_array_elements(r.indicator_actuals) a
                     WHERE r.task_id = t.id AND r.status IN ('submitted', 'approved') AND a ->> 'indicatorId' = i.id::text
                     ORDER BY r.period DESC LIMIT 1) la ON true
              WHERE i.task_id = t.id) AS indicators,
            NULL::json AS areas, NULL::json AS departments
       FROM task t WHERE ${visible.sql}
     UNION ALL
     SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            (SELECT json_agg(json_build_object('code', code, 'name', name, 'name_en', name_en) ORDER BY position) FROM focus_area),
            (SELECT json_agg(json_build_object('id', id, 'code', code, 'name', name) ORDER BY code) FROM department)`,
    [
      ZONE,
      periods.monthly.lastClosed,
      periods.monthly.current,
      periods.quarterly.lastClosed,
      periods.quarterly.current,
      ...visible.params,
    ],
  );
  const reference = rows.pop();
  const today = k.businessDateOf(now, ZONE);
  const facts = rows.map((row) => {
    const p = periods[row.reporting_cycle];
    const owes = (period) =>
      k.isOpenTask(row.status) && row.first_owed !== null && k.comparePeriods(period, row.first_owed) >= 0;
    return {
      id: row.id,
      title: row.title,
      workItemCode: row.work_item_code,
      leadDepartmentId: row.lead_department_id,
      status: row.status,
      rag: row.rag,
      overdue: row.overdue,
      percentComplete: row.percent_complete,
      dueDate: row.due_date,
      daysOverdue: row.overdue ? k.daysBetween(row.due_date, today) : null,
      // Counted in the last closed month's compliance: what that month's ledger covers.
      lastClosed:
        k.taskPeriodOfLedgerMonth(periods.monthly.lastClosed, row.reporting_cycle) !== null && owes(p.lastClosed)
          ? k.complianceOf(row.last_closed_submitted_at, p.lastClosedDeadline, now)
          : null,
      currentSubmitted: owes(p.current) ? row.current_submitted : null,
      indicators: row.indicators,
    };
  });
  const meta = {
    generatedAt: now.toISOString(),
    today,
    currentPeriod: periods.monthly.current,
    lastClosedPeriod: periods.monthly.lastClosed,
  };
  return {
    body: k.assembleDashboard(meta, facts, { areas: reference.areas ?? [], departments: reference.departments ?? [] }),
  };
}

/** The audit writer's append: chain lock, head, insert; the caller commits. */
async function appendAudit(db, req, entry) {
  await db.query('SELECT pg_advisory_xact_lock(720210002)');
  const head = (await db.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')).rows[0];
  const record = {
    seq: Number(head?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actorId: entry.actor.id,
    actorRole: entry.actor.role,
    departmentId: entry.departmentId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: null,
    after: entry.after,
    requestId: req.requestId,
    ip: req.socket.remoteAddress ?? null,
    sha256: null,
  };
  const prevHash = head?.hash ?? k.GENESIS_HASH;
  const canonical = k.canonicalText(record);
  await db.query(
    `INSERT INTO audit_event (seq, at, actor_id, actor_role, department_id, action, entity_type, entity_id,
                              before, after, request_id, ip, sha256, canonical, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11, NULL, $12, $13, $14)`,
    [
      record.seq,
      record.at,
      record.actorId,
      record.actorRole,
      record.departmentId,
      record.action,
      record.entityType,
      record.entityId,
      JSON.stringify(record.after),
      record.requestId,
      record.ip,
      canonical,
      prevHash,
      k.chainHash(prevHash, canonical),
    ],
  );
}

async function inTransaction(db, work) {
  await db.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  try {
    const result = await work();
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

async function createTask(db, req, user, body) {
  requireAny(user, ['tasks:create']);
  if (!k.mayAct(user.role, 'none', 'task.edit')) throw forbidden();
  const input = parse(k.createTaskSchema, body);
  const co = input.coDepartmentIds ?? [];
  const milestones = input.milestones ?? [];
  const indicators = input.indicators ?? [];
  const actor = { id: user.id, role: user.role, departmentId: user.departmentId };
  return inTransaction(db, async () => {
    const ids = [...new Set([input.leadDepartmentId, ...co])];
    const refs = (
      await db.query(
        `SELECT EXISTS (SELECT 1 FROM work_item WHERE code = $1) AS item,
                ARRAY(SELECT id FROM department WHERE id = ANY($2::uuid[]) AND active) AS active`,
        [input.workItemCode, ids],
      )
    ).rows[0];
    const active = new Set(refs.active);
    const errors = [];
    if (!refs.item) errors.push({ field: 'workItemCode', code: 'unknown', message: 'No such work item' });
    if (!active.has(input.leadDepartmentId)) {
      errors.push({ field: 'leadDepartmentId', code: 'unknown', message: 'No such active department' });
    }
    co.forEach((id, index) => {
      if (!active.has(id)) {
        errors.push({ field: `coDepartmentIds.${index}`, code: 'unknown', message: 'No such active department' });
      }
    });
    errors.push(
      ...k.checkTaskPlan({
        leadDepartmentId: input.leadDepartmentId,
        coDepartmentIds: co,
        startDate: input.startDate ?? null,
        dueDate: input.dueDate,
        milestones,
        indicators,
      }),
    );
    if (errors.length) throw unprocessable(errors);
    // Task, co-owners, milestones and indicators in one statement; the view is built from what it returns.
    const { rows } = await db.query(
      `WITH t AS (
         INSERT INTO task (work_item_code, title, description, lead_department_id, start_date, due_date,
                           reporting_cycle, status, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8) RETURNING *),
       co AS (INSERT INTO task_co_department (task_id, department_id) SELECT t.id, d FROM t, unnest($9::uuid[]) d),
       m AS (INSERT INTO milestone (task_id, position, title, planned_date)
             SELECT t.id, x.position, x.title, x.planned_date FROM t,
                    jsonb_to_recordset($10::jsonb) AS x(position int, title text, planned_date date)
             RETURNING *),
       i AS (INSERT INTO indicator (task_id, position, name, unit, baseline, target, direction)
             SELECT t.id, x.position, x.name, x.unit, x.baseline, x.target, x.direction FROM t,
                    jsonb_to_recordset($11::jsonb) AS x(position int, name text, unit text, baseline numeric,
                                                        target numeric, direction text)
             RETURNING *)
       SELECT t.*, $9::uuid[] AS co,
              (SELECT COALESCE(json_agg(json_build_object('id', m.id, 'position', m.position, 'title', m.title,
                        'plannedDate', m.planned_date, 'baselinePlannedDate', m.baseline_planned_date,
                        'doneDate', m.done_date)), '[]') FROM m) AS milestones,
              (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'position', i.position, 'name', i.name,
                        'unit', i.unit, 'baseline', i.baseline, 'target', i.target,
                        'baselineTarget', i.baseline_target, 'direction', i.direction)), '[]') FROM i) AS indicators
         FROM t`,
      [
        input.workItemCode,
        input.title,
        input.description ?? '',
        input.leadDepartmentId,
        input.startDate ?? null,
        input.dueDate,
        input.reportingCycle ?? 'monthly',
        user.id,
        co,
        JSON.stringify(milestones.map((m, position) => ({ position, title: m.title, planned_date: m.plannedDate }))),
        JSON.stringify(indicators.map((i, position) => ({ ...i, position }))),
      ],
    );
    const task = taskOf(rows[0]);
    const view = k.toTaskView(task, null, new Map(), allowedActions(user, task, false));
    // Last, so that the chain lock is held for the head read and the insert only.
    await appendAudit(db, req, {
      actor,
      action: 'task.create',
      entityType: 'task',
      entityId: task.id,
      departmentId: task.leadDepartmentId,
      after: k.auditedTaskFields(task),
    });
    return { status: 201, body: view, etag: `"${view.version}"`, location: `/api/tasks/${task.id}` };
  });
}

const REPORT_COLUMNS = `id, task_id, period, status, revision, version, percent_complete, summary, problems, next_steps,
  indicator_actuals, final, percent_decrease_reason, author_id, submitted_by_id, submitted_at, first_submitted_at,
  return_count, review_comment, score, reviewed_by_id, reviewed_at, ready_at, ready_by_id, created_at, updated_at`;
const reportOf = (r) => ({
  id: r.id,
  taskId: r.task_id,
  period: r.period,
  status: r.status,
  revision: r.revision,
  version: r.version,
  percentComplete: r.percent_complete,
  summary: r.summary,
  problems: r.problems,
  nextSteps: r.next_steps,
  indicatorActuals: r.indicator_actuals,
  final: r.final,
  percentDecreaseReason: r.percent_decrease_reason,
  authorId: r.author_id,
  submittedById: r.submitted_by_id,
  submittedAt: r.submitted_at,
  firstSubmittedAt: r.first_submitted_at,
  returnCount: r.return_count,
  reviewComment: r.review_comment,
  score: r.score,
  reviewedById: r.reviewed_by_id,
  reviewedAt: r.reviewed_at,
  readyAt: r.ready_at,
  readyById: r.ready_by_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const contributionOf = (c) =>
  k.toContributionView(
    {
      id: c.id,
      taskId: c.task_id,
      departmentId: c.department_id,
      period: c.period,
      status: c.status,
      version: c.version,
      percentComplete: c.percent_complete,
      summary: c.summary,
      problems: c.problems,
      nextSteps: c.next_steps,
      indicatorActuals: c.indicator_actuals,
      authorId: c.author_id,
      submittedById: c.submitted_by_id,
      submittedAt: c.submitted_at,
    },
    c.files.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      contentType: a.content_type,
      size: a.size,
      sha256: a.sha256,
      uploadedAt: new Date(a.uploaded_at),
      uploadedById: a.uploaded_by_id,
    })),
  );

async function draftReport(db, req, user, taskId, body) {
  if (!/^[0-9a-f-]{36}$/i.test(taskId)) throw notFound('task');
  return inTransaction(db, async () => {
    // The guard's visibility and the reporting lock in one statement.
    const visible = k.visibleTaskCondition(user, 't', 2);
    const { rows } = await db.query(
      `SELECT t.id, t.lead_department_id, t.status, t.start_date, t.assigned_at, t.reporting_cycle, ${CO},
              ${visible.sql} AS visible
         FROM task t WHERE t.id = $1 FOR UPDATE`,
      [taskId, ...visible.params],
    );
    const task = rows[0];
    if (!task?.visible) throw notFound('task');
    const relation = k.taskRelation(user.departmentId, {
      leadDepartmentId: task.lead_department_id,
      coDepartmentIds: task.co,
    });
    if (!k.mayAct(user.role, relation, 'report.draft')) throw forbidden();
    const input = parse(k.createReportSchema, body);
    if (task.status !== 'assigned' && task.status !== 'in_progress') {
      throw new HttpError(409, 'conflict', 'Conflict', { detail: `The task is ${task.status}: it takes no reports.` });
    }
    const errors = [];
    const cycle = task.reporting_cycle;
    if (k.cycleOf(input.period) !== cycle) {
      errors.push({ field: 'period', code: 'cycle', message: `This task reports ${cycle}` });
    } else {
      const first = k.firstOwedPeriod({
        startDate: task.start_date,
        assignedAt: task.assigned_at,
        reportingCycle: cycle,
        timeZone: ZONE,
      });
      const last = k.periodContaining(k.businessDateOf(new Date(), ZONE), cycle);
      if (first && k.comparePeriods(input.period, first) < 0) {
        errors.push({ field: 'period', code: 'before_start', message: `Reports start with ${first}` });
      } else if (k.comparePeriods(input.period, last) > 0) {
        errors.push({ field: 'period', code: 'future', message: `The latest period you can report is ${last}` });
      }
    }
    const actuals = input.indicatorActuals ?? [];
    const facts = (
      await db.query(
        `SELECT (SELECT percent_complete FROM progress_report
                  WHERE task_id = $1 AND status IN ('submitted', 'approved')
                  ORDER BY period DESC, submitted_at DESC LIMIT 1) AS counted,
                EXISTS (SELECT 1 FROM progress_report WHERE task_id = $1 AND period = $2) AS duplicate,
                (SELECT COALESCE(json_object_agg(id, unit), '{}') FROM indicator WHERE task_id = $1 AND $3) AS units`,
        [taskId, input.period, actuals.length > 0],
      )
    ).rows[0];
    const seen = new Set();
    actuals.forEach((actual, index) => {
      const unit = facts.units[actual.indicatorId];
      const field = `indicatorActuals.${index}`;
      if (unit === undefined) {
        errors.push({ field: `${field}.indicatorId`, code: 'unknown', message: 'Not an indicator of this task' });
        return;
      }
      if (seen.has(actual.indicatorId)) {
        errors.push({ field: `${field}.indicatorId`, code: 'duplicate', message: 'Indicator listed twice' });
      }
      seen.add(actual.indicatorId);
      const problem = k.indicatorValueProblem(unit, actual.value);
      if (problem) errors.push({ field: `${field}.value`, code: 'invalid_value', message: problem });
    });
    errors.push(...k.checkFinalReport(input.final ?? false, input.percentComplete));
    errors.push(...k.checkPercentChange(facts.counted, input.percentComplete, input.percentDecreaseReason));
    if (facts.duplicate) {
      errors.push({ field: 'period', code: 'exists', message: 'This period already has a report: edit or revise it' });
    }
    if (errors.length) throw unprocessable(errors);
    const inserted = await db.query(
      `INSERT INTO progress_report (task_id, period, status, percent_complete, summary, problems, next_steps,
                                    indicator_actuals, final, percent_decrease_reason, author_id)
       VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${REPORT_COLUMNS}`,
      [
        taskId,
        input.period,
        input.percentComplete,
        input.summary,
        input.problems ?? '',
        input.nextSteps ?? '',
        JSON.stringify(actuals),
        input.final ?? false,
        input.percentDecreaseReason || null,
        user.id,
      ],
    );
    const report = reportOf(inserted.rows[0]);
    // A new report has no versions or files; the period's submitted contributions are read once.
    const contributions = (
      await db.query(
        `SELECT c.*, ARRAY(SELECT row_to_json(a) FROM attachment a WHERE a.contribution_id = c.id) AS files
           FROM contribution c WHERE c.task_id = $1 AND c.period = $2 AND c.status = 'submitted'
          ORDER BY c.submitted_at`,
        [taskId, input.period],
      )
    ).rows;
    const deadline = k.deadlineOf(report.period, DUE_DAY, ZONE);
    const view = k.toReportView(report, {
      versions: [],
      attachments: [],
      contributions: contributions.map(contributionOf),
      compliance: k.complianceOf(report.firstSubmittedAt, deadline, new Date()),
      deadline,
    });
    await appendAudit(db, req, {
      actor: { id: user.id, role: user.role, departmentId: user.departmentId },
      action: 'report.create',
      entityType: 'report',
      entityId: report.id,
      departmentId: task.lead_department_id,
      after: { taskId, ...k.auditedReportFields(report) },
    });
    return { status: 201, body: view, etag: `"${view.version}"`, location: `/api/progress/${report.id}` };
  });
}

// ---- routing -------------------------------------------------------------------------------------

async function route(req, url, body) {
  const db = await pool.connect();
  try {
    const user = await authenticate(req, db);
    const path = url.pathname;
    if (req.method === 'GET' && path === '/api/tasks') return await listTasks(db, user, url);
    if (req.method === 'POST' && path === '/api/tasks') return await createTask(db, req, user, body);
    if (req.method === 'GET' && path === '/api/dashboard' && !url.search) return await dashboard(db, user);
    const progress = /^\/api\/tasks\/([^/]+)\/progress$/.exec(path);
    if (req.method === 'POST' && progress) return await draftReport(db, req, user, progress[1], body);
    const detail = /^\/api\/tasks\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && detail) return await taskDetail(db, user, detail[1]);
    throw new HttpError(404, 'not-found', 'Not found', { detail: 'The floor knows only the bench’s endpoints' });
  } finally {
    db.release();
  }
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    req.requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID();
    let status = 200;
    let payload;
    const headers = { 'x-request-id': req.requestId };
    try {
      const url = new URL(req.url, 'http://floor');
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      const result = await route(req, url, body);
      status = result.status ?? 200;
      if (result.etag) headers.etag = result.etag;
      if (result.location) headers.location = result.location;
      payload = JSON.stringify(result.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    } catch (error) {
      const known = error instanceof HttpError;
      if (!known) process.stderr.write(`floor: ${error?.stack ?? error}\n`);
      status = known ? error.status : 500;
      payload = JSON.stringify({
        type: `urn:zibo:problem:${known ? error.slug : 'internal'}`,
        title: known ? error.title : 'Internal error',
        status,
        ...(known ? error.extra : {}),
      });
      headers['content-type'] = 'application/problem+json; charset=utf-8';
    }
    headers['content-length'] = Buffer.byteLength(payload);
    res.writeHead(status, headers).end(payload);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`floor listening on ${server.address().port}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => pool.end().then(() => process.exit(0)));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
