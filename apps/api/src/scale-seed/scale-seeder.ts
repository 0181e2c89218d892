import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditService, CheckpointSigner } from '../app/audit';
import { SnapshotService, TaskHistoryLoader } from '../app/snapshots';
import { TaskStatusRefresher } from '../app/tasks';
import { Clock } from '../core/clock';
import type { AppConfig } from '../core/config/app-config';
import { runtimeDataSourceOptions } from '../core/database/data-source-options';
import { ENTITIES } from '../app/entities';
import { UnitOfWork } from '../core/database/unit-of-work';
import {
  AUDIT_CHECKPOINT_COLUMNS,
  AUDIT_EVENT_COLUMNS,
  ChainAppender,
  MonthBuckets,
  type TimelineEvent,
} from './audit-timeline';
import { type CopyValue, CopyWriter, copyRows } from './copy-writer';
import { draftingStages, eventCount, simulateSlot } from './report-lifecycle';
import { DAY, SeedCalendar } from './seed-calendar';
import { SeededRandom } from './seeded-random';
import { type ScalePlan, type SeedSlot, type SeedTask, Staff, planScale } from './scale-plan';
import {
  ATTACHMENT_COLUMNS,
  CONTRIBUTION_COLUMNS,
  NOTIFICATION_COLUMNS,
  REPORT_COLUMNS,
  VERSION_COLUMNS,
  type TaskProgress,
  slotRecords,
} from './slot-records';
import {
  AMENDMENT_COLUMNS,
  CO_DEPARTMENT_COLUMNS,
  DEPARTMENT_COLUMNS,
  INDICATOR_COLUMNS,
  MILESTONE_COLUMNS,
  TASK_COLUMNS,
  USER_COLUMNS,
  apportion,
  setupEvents,
  signInEvents,
  taskRows,
} from './task-records';

export interface ScaleSeedRequest {
  departments: number;
  tasks: number;
  reports: number;
  events: number;
  seed: number;
  /** Also walk the finished chain with the api's own verifier (as GET /api/audit/verify does). */
  verify: boolean;
}

export interface ScaleSeedTarget {
  /** Schema owner connection: the bulk load, ANALYZE. */
  ownerUrl: string;
  /** The checkpoint key the api signs with (AUDIT_SIGNING_KEY or the one kept in DATA_DIR). */
  signingKeyPem: string;
  /** argon2id hash every generated account gets (the demo password). */
  passwordHash: string;
  config: AppConfig;
}

export interface ScaleSeedResult {
  historyMonths: number;
  rows: Record<string, number>;
  events: number;
  checkpoints: number;
  /** Seconds per phase, and in total. */
  seconds: Record<string, number>;
  warnings: string[];
  verified?: { ok: boolean; checked: number };
}

interface PlacedSlot {
  task: SeedTask;
  slot: SeedSlot;
}

interface EventCounts {
  total: number;
  stages: number;
  byMonth: Map<number, number>;
  firstSubmitAt: Map<number, number>;
}

/** Tables in the order their foreign keys need. */
const CHUNK_TABLES = [
  ['progress_report', REPORT_COLUMNS],
  ['progress_report_version', VERSION_COLUMNS],
  ['contribution', CONTRIBUTION_COLUMNS],
  ['attachment', ATTACHMENT_COLUMNS],
  ['notification', NOTIFICATION_COLUMNS],
  ['audit_checkpoint', AUDIT_CHECKPOINT_COLUMNS],
] as const;
type ChunkTable = (typeof CHUNK_TABLES)[number][0];

const elapsed = (since: number) => Math.round((Date.now() - since) / 100) / 10;

/**
 * Fills an empty, migrated database with a city's worth of history (npm run seed:scale): the plan
 * (departments, accounts, tasks, which periods were reported) is fixed first; the history is then
 * generated month by month, each report played out as people would have (drafts, edits,
 * submissions, reviews, returns, contributions, evidence files, sign-ins), its rows streamed with
 * COPY and its events appended to one hash chain in time order, with the checkpoints the api
 * would have signed. Finally the api's own services derive what they derive (RAG, snapshots).
 */
export async function seedScale(
  target: ScaleSeedTarget,
  request: ScaleSeedRequest,
  log: (line: string) => void,
): Promise<ScaleSeedResult> {
  const started = Date.now();
  const seconds: Record<string, number> = {};
  const warnings: string[] = [];
  const { config } = target;
  const calendar = new SeedCalendar(Date.now(), config.businessTimeZone, config.reportDueDay);
  const signer = new CheckpointSigner(target.signingKeyPem);

  // ---- plan -----------------------------------------------------------------------------------
  const plan = planScale(request, calendar);
  const staff = new Staff(plan.users);
  if (plan.reports < request.reports) {
    warnings.push(`${plan.reports} reports (the tasks' periods hold no more than that within 50 years)`);
  }
  const placed = placeSlots(plan, calendar);
  const setup = setupEvents(plan, staff);
  const taskEventCount = plan.tasks.reduce((sum, t) => sum + taskRows(t, staff, null).events.length, 0);
  const fixed = setup.length + taskEventCount;
  const base = countEvents(placed, calendar, request.seed, 0);
  const spare = request.events - fixed - base.total;
  // Half of what the history leaves goes to draft edits, half to sign-ins.
  const editsMean = spare > 0 ? Math.min(12, (spare * 0.5) / Math.max(1, base.stages)) : 0;
  const counts = editsMean > 0 ? countEvents(placed, calendar, request.seed, editsMean) : base;
  const signIns = Math.max(0, request.events - fixed - counts.total);
  const totalEvents = fixed + counts.total + signIns;
  if (totalEvents > request.events) {
    warnings.push(`${totalEvents} audit events: the history itself needs that many (asked for ${request.events})`);
  }
  const firstMonth = Math.min(calendar.monthOf(plan.origin), ...placed.keys());
  const lastMonth = calendar.monthOf(calendar.now);
  const months = Array.from({ length: lastMonth - firstMonth + 1 }, (_, i) => firstMonth + i);
  const signInFrom = plan.origin + DAY;
  const signInsByMonth = apportion(
    signIns,
    months.map((month) => {
      const { start, end } = calendar.monthBounds(month);
      return Math.max(0, Math.min(end, calendar.now) - Math.max(start, signInFrom));
    }),
  );
  seconds['plan'] = elapsed(started);
  log(
    `plan: ${plan.departments.length} departments, ${plan.users.length} accounts, ${plan.tasks.length} tasks over ` +
      `${Math.round(plan.historyMonths)} months, ${plan.reports} reports, ${totalEvents} audit events (${seconds['plan']} s)`,
  );

  const business = new Client({ connectionString: target.ownerUrl, application_name: 'zibo-seed-scale' });
  const audit = new Client({ connectionString: target.ownerUrl, application_name: 'zibo-seed-scale-audit' });
  await business.connect();
  await audit.connect();
  const rows: Record<string, number> = {};
  const count = (table: string, n: number) => (rows[table] = (rows[table] ?? 0) + n);
  try {
    await assertEmpty(business);

    // ---- reference rows: departments, accounts, tasks and their plans ---------------------------
    const phase = Date.now();
    await copyCounted(
      business,
      'department',
      DEPARTMENT_COLUMNS,
      plan.departments.map((d) => [d.id, d.code, d.name, d.nameEn, new Date(plan.origin), new Date(plan.origin)]),
      count,
    );
    await copyCounted(
      business,
      'app_user',
      USER_COLUMNS,
      plan.users.map((u) => [
        u.id,
        u.username,
        u.displayName,
        u.role,
        u.departmentId,
        target.passwordHash,
        true,
        new Date(plan.origin),
        new Date(plan.origin),
      ]),
      count,
    );
    const buckets = new MonthBuckets((at) => calendar.monthOf(at));
    for (const event of setup) buckets.add(event);
    const taskTables = {
      task: [] as CopyValue[][],
      co: [] as CopyValue[][],
      milestone: [] as CopyValue[][],
      indicator: [] as CopyValue[][],
      amendment: [] as CopyValue[][],
    };
    for (const task of plan.tasks) {
      const records = taskRows(task, staff, counts.firstSubmitAt.get(task.index) ?? null);
      taskTables.task.push(records.task);
      taskTables.co.push(...records.coDepartments);
      taskTables.milestone.push(...records.milestones);
      taskTables.indicator.push(...records.indicators);
      taskTables.amendment.push(...records.amendments);
      for (const event of records.events) buckets.add(event);
    }
    await copyCounted(business, 'task', TASK_COLUMNS, taskTables.task, count);
    await copyCounted(business, 'task_co_department', CO_DEPARTMENT_COLUMNS, taskTables.co, count);
    await copyCounted(business, 'milestone', MILESTONE_COLUMNS, taskTables.milestone, count);
    await copyCounted(business, 'indicator', INDICATOR_COLUMNS, taskTables.indicator, count);
    await copyCounted(business, 'amendment', AMENDMENT_COLUMNS, taskTables.amendment, count);
    seconds['tasks'] = elapsed(phase);

    // ---- the history, month by month -----------------------------------------------------------
    const historyStarted = Date.now();
    const events = CopyWriter.open(audit, 'audit_event', AUDIT_EVENT_COLUMNS);
    let checkpointRows: CopyValue[][] = [];
    const chain = new ChainAppender(
      signer,
      new SeededRandom(request.seed ^ 0xa0d17),
      (row) => events.write(row),
      async (row) => void checkpointRows.push(row),
    );
    const progress = new Map<number, TaskProgress>(
      plan.tasks.map((t) => [t.index, { counted: 0, firstSubmitAt: counts.firstSubmitAt.get(t.index) ?? null }]),
    );
    const contentRandom = new SeededRandom(request.seed ^ 0xc0de);
    const loginRandom = new SeededRandom(request.seed ^ 0x1091);
    const context = {
      calendar,
      staff,
      random: contentRandom,
      notificationsSince: calendar.now - 60 * DAY,
      departmentUsers: (id: string) => [staff.headOf(id), staff.staffOf(id)],
    };
    const signInUsers = plan.users.filter((u) => u.role !== 'admin' || loginRandom.chance(0.5));
    let writing: Promise<void> = Promise.resolve();
    let pendingChunks = 0;
    for (const [index, month] of months.entries()) {
      const chunk = new Map<ChunkTable, CopyValue[][]>(CHUNK_TABLES.map(([table]) => [table, []]));
      const add = (table: ChunkTable, list: CopyValue[][]) => chunk.get(table)?.push(...list);
      for (const { task, slot } of placed.get(month) ?? []) {
        const lifecycle = simulateSlot(task, slot, calendar, request.seed, editsMean);
        const records = slotRecords(task, slot, lifecycle, progress.get(task.index) as TaskProgress, context);
        add('progress_report', [records.report]);
        add('progress_report_version', records.versions);
        add('contribution', records.contributions);
        add('attachment', records.attachments);
        add('notification', records.notifications);
        for (const event of records.events) buckets.add(event);
      }
      const bounds = calendar.monthBounds(month);
      const from = Math.max(bounds.start, signInFrom);
      const to = Math.min(bounds.end, calendar.now);
      for (const event of signInEvents(signInsByMonth[index] ?? 0, from, to, signInUsers, calendar, loginRandom)) {
        buckets.add(event);
      }
      for (const event of buckets.take(month)) await chain.append(event);
      if (month === lastMonth) await chain.finish(calendar.now);
      add('audit_checkpoint', checkpointRows);
      checkpointRows = [];
      // Business rows go in on their own connection, in foreign-key order, while the next month is generated.
      pendingChunks += 1;
      writing = writing.then(async () => {
        for (const [table, columns] of CHUNK_TABLES)
          await copyCounted(business, table, columns, chunk.get(table) ?? [], count);
        pendingChunks -= 1;
      });
      if (pendingChunks > 2) await writing;
      if (index % 6 === 5 || month === lastMonth) {
        log(
          `  ${calendar.monthLabel(month)}: ${chain.head.seq} events, ${rows['progress_report'] ?? 0} reports written (${elapsed(historyStarted)} s)`,
        );
      }
    }
    if (buckets.pending) throw new Error(`${buckets.pending} events fell outside the generated months`);
    count('audit_event', await events.end());
    await writing;
    seconds['history'] = elapsed(historyStarted);
    const checkpoints = chain.checkpoints;

    // ---- what the api derives: stored RAG, status snapshots ---------------------------------------
    const derived = Date.now();
    const dataSource = new DataSource(runtimeDataSourceOptions(target.ownerUrl, ENTITIES));
    await dataSource.initialize();
    let verified: ScaleSeedResult['verified'];
    try {
      const clock = new Clock();
      const refresher = new TaskStatusRefresher(clock, config);
      const ids = plan.tasks.map((t) => t.id);
      for (let i = 0; i < ids.length; i += 500) {
        await dataSource.transaction('READ COMMITTED', (tx) => refresher.refresh(tx, ids.slice(i, i + 500)));
      }
      seconds['rag'] = elapsed(derived);
      const snapshotsStarted = Date.now();
      const snapshots = new SnapshotService(new UnitOfWork(dataSource), new TaskHistoryLoader(), clock, config);
      let taken = 0;
      for (let i = 0; i < ids.length; i += 200) taken += await snapshots.takeDue(clock.now(), ids.slice(i, i + 200));
      count('status_snapshot', taken);
      seconds['snapshots'] = elapsed(snapshotsStarted);
      const analyzeStarted = Date.now();
      await business.query('ANALYZE');
      seconds['analyze'] = elapsed(analyzeStarted);
      if (request.verify) {
        const verifyStarted = Date.now();
        const result = await new AuditService(new UnitOfWork(dataSource), signer, new Clock(), config).verify();
        verified = { ok: result.ok, checked: result.checked };
        seconds['verify'] = elapsed(verifyStarted);
      }
    } finally {
      await dataSource.destroy();
    }
    seconds['total'] = elapsed(started);
    return {
      historyMonths: plan.historyMonths,
      rows,
      events: chain.head.seq,
      checkpoints,
      seconds,
      warnings,
      verified,
    };
  } finally {
    await business.end().catch(() => undefined);
    await audit.end().catch(() => undefined);
  }
}

/** Reports by the month their period starts: the generator plays them out in that order. */
function placeSlots(plan: ScalePlan, calendar: SeedCalendar): Map<number, PlacedSlot[]> {
  const placed = new Map<number, PlacedSlot[]>();
  for (const task of plan.tasks) {
    for (const slot of task.slots) {
      const month = calendar.monthOf(calendar.period(slot.period).start);
      const list = placed.get(month) ?? [];
      list.push({ task, slot });
      placed.set(month, list);
    }
  }
  return placed;
}

/** Plays every report out without writing anything: how many events, where, and each task's start. */
function countEvents(
  placed: Map<number, PlacedSlot[]>,
  calendar: SeedCalendar,
  seed: number,
  editsMean: number,
): EventCounts {
  const counts: EventCounts = { total: 0, stages: 0, byMonth: new Map(), firstSubmitAt: new Map() };
  for (const list of placed.values()) {
    for (const { task, slot } of list) {
      const lifecycle = simulateSlot(task, slot, calendar, seed, editsMean);
      counts.total += eventCount(lifecycle);
      counts.stages += draftingStages(lifecycle);
      const submit = lifecycle.steps.find((s) => s.kind === 'submit');
      if (submit) {
        const first = counts.firstSubmitAt.get(task.index);
        if (first === undefined || submit.at < first) counts.firstSubmitAt.set(task.index, submit.at);
      }
    }
  }
  // Each task that got a submitted report also has its task.start event.
  counts.total += counts.firstSubmitAt.size;
  return counts;
}

async function assertEmpty(client: Client): Promise<void> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM task) + (SELECT count(*) FROM audit_event) AS n`,
  );
  if (Number(rows[0]?.n ?? 0) > 0) {
    throw new Error(
      'The database already holds data (accounts, tasks or audit events). seed:scale fills an empty one: ' +
        'run it with --reset (embedded database), or point DATABASE_URL at a new database.',
    );
  }
}

async function copyCounted(
  client: Client,
  table: string,
  columns: readonly string[],
  list: readonly (readonly CopyValue[])[],
  count: (table: string, n: number) => void,
): Promise<void> {
  await copyRows(client, table, columns, list);
  count(table, list.length);
}

export type { TimelineEvent };
