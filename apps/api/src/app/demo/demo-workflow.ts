import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type IndicatorDirection,
  type IndicatorUnit,
  type ReportingCycle,
  currentReportingPeriod,
  deadlineOf,
  periodContaining,
  periodsBetween,
  previousPeriod,
} from '@zibo/domain';
import { AuditWriter } from '../audit';
import type { TaskStatusRefresher } from '../tasks';
import { TaskRepository } from '../tasks';

/** How a demo task's reporting went, so that every page has something to show. */
type Story =
  | 'on_track' // every closed period on time and approved → green
  | 'last_missing' // the last closed period has no report → amber
  | 'two_missing' // the last two closed periods have none → red
  | 'returned_twice' // the last closed period's report returned twice → red
  | 'behind' // reports on time but percent well below schedule → amber
  | 'overdue' // due date passed, still open → red
  | 'awaiting_review' // last closed period submitted, not yet reviewed
  | 'staff_draft' // the current period drafted by staff, not yet submitted
  | 'completed' // final report approved, task completed
  | 'draft'; // still being drafted by the committee

interface DemoTask {
  workItem: string;
  title: string;
  lead: string;
  co?: string[];
  story: Story;
  cycle?: ReportingCycle;
  indicator?: { name: string; unit: IndicatorUnit; baseline: number; target: number; direction?: IndicatorDirection };
  milestone?: string;
}

// Two tasks per focus area, drawn from the 2021 work conference report (indicators: 2020 actuals).
const DEMO_TASKS: DemoTask[] = [
  {
    workItem: 'FA1.1',
    title: '推进国家级科技企业孵化器提质扩容',
    lead: 'sci',
    co: ['econ'],
    story: 'on_track',
    indicator: { name: '新增省级以上创新平台', unit: '家', baseline: 12, target: 20 },
    milestone: '完成孵化器扩容选址',
  },
  {
    workItem: 'FA1.2',
    title: '壮大新材料、智能装备创新型产业集群',
    lead: 'sci',
    story: 'behind',
    indicator: { name: '高新技术企业数量', unit: '家', baseline: 265, target: 320 },
  },
  {
    workItem: 'FA2.1',
    title: '规模以上工业增加值稳定增长',
    lead: 'econ',
    co: ['sci'],
    story: 'on_track',
    indicator: { name: '规模以上工业增加值增长', unit: '%', baseline: 11.6, target: 12 },
  },
  {
    workItem: 'FA2.2',
    title: '策划实施重大项目 400 个以上',
    lead: 'econ',
    co: ['build', 'invest'],
    story: 'returned_twice',
    indicator: { name: '策划实施重大项目', unit: '个', baseline: 394, target: 400 },
    milestone: '省市重大项目集中开工',
  },
  {
    workItem: 'FA2.3',
    title: '“双招双引”到位资金稳步增长',
    lead: 'invest',
    story: 'awaiting_review',
    indicator: { name: '省外到位资金', unit: '亿元', baseline: 131, target: 150 },
  },
  { workItem: 'FA3.1', title: '重点城建工程年度建设任务', lead: 'build', story: 'overdue', milestone: '主体工程完工' },
  {
    workItem: 'FA3.4',
    title: '智慧城市运营中心二期',
    lead: 'build',
    co: ['approval'],
    story: 'last_missing',
    milestone: '完成系统联调',
  },
  {
    workItem: 'FA4.1',
    title: '综合保税区进出口总额增长',
    lead: 'ftz',
    co: ['invest'],
    story: 'on_track',
    cycle: 'quarterly',
    indicator: { name: '进出口总额增长', unit: '%', baseline: 12.5, target: 15 },
  },
  { workItem: 'FA4.2', title: '淄博内陆港多式联运班列常态化运行', lead: 'ftz', story: 'two_missing' },
  { workItem: 'FA5.2', title: '“放管服”改革事项清单动态调整', lead: 'approval', story: 'completed' },
  {
    workItem: 'FA5.4',
    title: '批而未供土地处置',
    lead: 'build',
    story: 'staff_draft',
    indicator: { name: '处置批而未供土地', unit: '亩', baseline: 0, target: 1200 },
  },
  {
    workItem: 'FA6.1',
    title: '政务服务“一次办好”事项全覆盖',
    lead: 'approval',
    story: 'on_track',
    indicator: { name: '一次办好事项占比', unit: '%', baseline: 85, target: 100 },
  },
  { workItem: 'FA6.4', title: '大气污染防治攻坚', lead: 'social', co: ['build'], story: 'draft' },
  {
    workItem: 'FA7.2',
    title: '新建改扩建中小学和幼儿园',
    lead: 'social',
    story: 'behind',
    milestone: '秋季学期投入使用',
  },
  { workItem: 'FA7.3', title: '安全生产专项整治三年行动', lead: 'social', co: ['econ'], story: 'on_track' },
  { workItem: 'FA8.1', title: '党史学习教育', lead: 'party', story: 'last_missing' },
  {
    workItem: 'FA8.4',
    title: '党风廉政建设责任制落实',
    lead: 'party',
    co: ['social', 'approval'],
    story: 'on_track',
    cycle: 'quarterly',
  },
];

export interface DemoWorkflowOptions {
  now: Date;
  timeZone: string;
  reportDueDay: number;
  refresher: TaskStatusRefresher;
}

/**
 * Demo tasks across all eight areas, with reports in every state (docs/rules.md: "from the workflow
 * feature on, the demo data also holds tasks … so every page has something to show"). Dates are
 * relative to today, so the lights and deadlines look alive whenever the demo is started.
 * Written directly (the stories need past submission times) and audited as demo seeding.
 */
export async function seedDemoWorkflow(dataSource: DataSource, options: DemoWorkflowOptions): Promise<number> {
  const audit = new AuditWriter();
  return dataSource.transaction('READ COMMITTED', async (tx) => {
    // The demo accounts' lock: api processes starting together (npm run cluster) seed the tasks once.
    await tx.query('SELECT pg_advisory_xact_lock(720210003)');
    if ((await tx.query<{ n: number }[]>('SELECT count(*)::int AS n FROM task'))[0]?.n) return 0;
    const departments = new Map<string, string>(
      (await tx.query<{ id: string; code: string }[]>('SELECT id, code FROM department')).map((d) => [d.code, d.id]),
    );
    const users = new Map<string, string>(
      (await tx.query<{ id: string; username: string }[]>('SELECT id, username FROM app_user')).map((u) => [
        u.username,
        u.id,
      ]),
    );
    const committee = users.get('committee');
    if (!committee) return 0;
    const today = DateTime.fromJSDate(options.now, { zone: options.timeZone }).startOf('day');
    // Later changes to a seeded task go through the task's owner, like a user's would.
    const repository = new TaskRepository(options.refresher);
    const ids: string[] = [];
    for (const spec of DEMO_TASKS) {
      ids.push(await seedTask(tx, audit, spec, { ...options, today, departments, users, committee, repository }));
    }
    await options.refresher.refresh(tx, ids);
    return ids.length;
  });
}

interface SeedContext extends DemoWorkflowOptions {
  today: DateTime;
  departments: Map<string, string>;
  users: Map<string, string>;
  committee: string;
  repository: TaskRepository;
}

/**
 * 签收 and 催办 in the demo: every assigned task was accepted the day after assignment; the overdue
 * and the doubly missing tasks carry an open urge, a task behind schedule an answered one.
 */
async function seedReceiptAndUrges(
  tx: EntityManager,
  taskId: string,
  spec: DemoTask,
  assignedAt: Date,
  ctx: SeedContext,
): Promise<void> {
  const head = ctx.users.get(`head.${spec.lead}`) ?? null;
  const task = await ctx.repository.lock(tx, taskId, false);
  await ctx.repository.recordReceipt(tx, task, {
    action: 'accept',
    at: new Date(assignedAt.getTime() + 24 * 60 * 60 * 1000),
    byId: head as string,
  });
  const urged = ctx.today.minus({ days: 2 }).set({ hour: 10 }).toJSDate();
  if (spec.story === 'overdue' || spec.story === 'two_missing') {
    await tx.query(
      `INSERT INTO urge (task_id, department_id, message, respond_by, created_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        taskId,
        ctx.departments.get(spec.lead),
        '请说明未按期推进的原因及下一步措施（演示数据）。',
        ctx.today.plus({ days: 3 }).toISODate(),
        ctx.committee,
        urged,
      ],
    );
  }
  if (spec.story === 'behind') {
    await tx.query(
      `INSERT INTO urge (task_id, department_id, message, respond_by, created_by_id, created_at,
                         acknowledged_at, acknowledged_by_id, response, responded_at, responded_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7, $8)`,
      [
        taskId,
        ctx.departments.get(spec.lead),
        '进度明显滞后于计划，请加快推进（演示数据）。',
        ctx.today.plus({ days: 1 }).toISODate(),
        ctx.committee,
        urged,
        ctx.today.minus({ days: 1 }).set({ hour: 16 }).toJSDate(),
        head,
        '已召开专题推进会，下月起每周调度（演示数据）。',
      ],
    );
  }
}

/**
 * 领导批示 and 办结销号 in the demo: a task awaiting review carries a pending directive, a task behind
 * schedule an answered one; the completed task was closed out (requested by its head, signed off by
 * the committee on the day it was completed).
 */
async function seedDirectivesAndCloseOut(
  tx: EntityManager,
  taskId: string,
  spec: DemoTask,
  ctx: SeedContext,
): Promise<void> {
  const lead = ctx.departments.get(spec.lead);
  const head = ctx.users.get(`head.${spec.lead}`) ?? null;
  const issued = ctx.today.minus({ days: 3 }).set({ hour: 15 }).toJSDate();
  if (spec.story === 'awaiting_review') {
    await tx.query(
      `INSERT INTO directive (task_id, department_id, text, respond_by, issued_by_id, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        taskId,
        lead,
        '此项工作群众关注度高，请主要负责同志亲自调度，本周内报告推进情况（演示数据）。',
        ctx.today.plus({ days: 4 }).toISODate(),
        ctx.committee,
        issued,
      ],
    );
  }
  if (spec.story === 'behind') {
    await tx.query(
      `INSERT INTO directive (task_id, department_id, text, respond_by, issued_by_id, issued_at,
                              response, responded_at, responded_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        taskId,
        lead,
        '请对照时间节点倒排工期，确保年底前完成（演示数据）。',
        ctx.today.plus({ days: 2 }).toISODate(),
        ctx.committee,
        issued,
        '已制定倒排工期计划，每周向管委会报告（演示数据）。',
        ctx.today.minus({ days: 1 }).set({ hour: 11 }).toJSDate(),
        head,
      ],
    );
  }
  if (spec.story === 'completed') {
    await tx.query(
      `INSERT INTO close_out_request (task_id, department_id, summary, requested_by_id, requested_at,
                                      signed_at, signed_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        taskId,
        lead,
        '各项任务目标均已完成，佐证材料已随最终报告报送，申请办结销号（演示数据）。',
        head,
        ctx.today.minus({ days: 4 }).set({ hour: 10 }).toJSDate(),
        ctx.today.minus({ days: 3 }).toJSDate(),
        ctx.committee,
      ],
    );
  }
}

async function seedTask(tx: EntityManager, audit: AuditWriter, spec: DemoTask, ctx: SeedContext): Promise<string> {
  const cycle = spec.cycle ?? 'monthly';
  const lead = ctx.departments.get(spec.lead) as string;
  const start = ctx.today.minus({ months: cycle === 'quarterly' ? 7 : 4 }).startOf('month');
  const due =
    spec.story === 'overdue'
      ? ctx.today.minus({ days: 12 })
      : spec.story === 'completed'
        ? ctx.today.minus({ days: 20 })
        : ctx.today.plus({ months: 6 }).endOf('month');
  const assignedAt = start.set({ hour: 9 }).toJSDate();
  const status = spec.story === 'draft' ? 'draft' : spec.story === 'completed' ? 'completed' : 'assigned';
  const [task] = await tx.query<{ id: string }[]>(
    `INSERT INTO task (work_item_code, title, description, lead_department_id, start_date, due_date, baseline_due_date,
                       reporting_cycle, status, assigned_at, receipt_opened_at, closed_at, created_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12) RETURNING id`,
    [
      spec.workItem,
      spec.title,
      '示例任务（演示数据）。Sample task (demo data).',
      lead,
      start.toISODate(),
      due.toISODate(),
      status === 'draft' ? null : due.toISODate(),
      cycle,
      status,
      status === 'draft' ? null : assignedAt,
      status === 'completed' ? ctx.today.minus({ days: 3 }).toJSDate() : null,
      ctx.committee,
    ],
  );
  const taskId = task.id;
  if (status !== 'draft') {
    await seedReceiptAndUrges(tx, taskId, spec, assignedAt, ctx);
    await seedDirectivesAndCloseOut(tx, taskId, spec, ctx);
  }
  for (const code of spec.co ?? []) {
    await tx.query('INSERT INTO task_co_department (task_id, department_id) VALUES ($1, $2)', [
      taskId,
      ctx.departments.get(code),
    ]);
  }
  if (spec.milestone) {
    const planned = start.plus({ months: 3 }).endOf('month').toISODate();
    await tx.query(
      `INSERT INTO milestone (task_id, position, title, planned_date, baseline_planned_date, done_date) VALUES ($1, 0, $2, $3, $4, $5)`,
      [
        taskId,
        spec.milestone,
        planned,
        status === 'draft' ? null : planned,
        spec.story === 'on_track' ? planned : null,
      ],
    );
  }
  let indicatorId: string | null = null;
  if (spec.indicator) {
    const i = spec.indicator;
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO indicator (task_id, position, name, unit, baseline, target, baseline_target, direction)
       VALUES ($1, 0, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [taskId, i.name, i.unit, i.baseline, i.target, status === 'draft' ? null : i.target, i.direction ?? 'up'],
    );
    indicatorId = row.id;
  }
  await audit.append(tx, {
    actor: null,
    action: 'task.create',
    entityType: 'task',
    entityId: taskId,
    departmentId: lead,
    after: { title: spec.title, workItemCode: spec.workItem, status, demo: true },
  });
  if (status === 'draft') return taskId;

  // The periods this task has reported on, and how.
  const current = currentReportingPeriod(ctx.now, cycle, ctx.reportDueDay, ctx.timeZone);
  const first = periodContaining(start.toISODate() as string, cycle);
  const closed = periodsBetween(first, previousPeriod(current));
  const skip = spec.story === 'two_missing' ? 2 : spec.story === 'last_missing' ? 1 : 0;
  const reported = closed.slice(0, closed.length - skip);
  const head = ctx.users.get(`head.${spec.lead}`) as string;
  const staff = ctx.users.get(`staff.${spec.lead}`) as string;
  const total = reported.length + 2;
  for (const [index, period] of reported.entries()) {
    const last = index === reported.length - 1;
    const percent =
      spec.story === 'completed' && last
        ? 100
        : Math.round(((index + 1) / total) * (spec.story === 'behind' ? 40 : 100));
    let state: 'approved' | 'submitted' | 'returned' = 'approved';
    if (last && spec.story === 'awaiting_review') state = 'submitted';
    if (last && spec.story === 'returned_twice') state = 'returned';
    const submittedAt = DateTime.fromJSDate(deadlineOf(period, ctx.reportDueDay, ctx.timeZone)).minus({
      days: 2,
      hours: 3,
    });
    await insertReport(tx, audit, {
      taskId,
      lead,
      period,
      status: state,
      percent,
      final: spec.story === 'completed' && last,
      revision: state === 'returned' ? 2 : 1,
      returnCount: state === 'returned' ? 2 : 0,
      submittedAt: submittedAt.toJSDate(),
      author: index % 2 ? staff : head,
      head,
      committee: ctx.committee,
      indicatorId,
      indicatorValue: spec.indicator
        ? spec.indicator.baseline + ((spec.indicator.target - spec.indicator.baseline) * percent) / 100
        : null,
      unit: spec.indicator?.unit ?? null,
    });
  }
  if (spec.story === 'staff_draft') {
    await insertReport(tx, audit, {
      taskId,
      lead,
      period: current,
      status: 'draft',
      percent: Math.round((reported.length / total) * 100) + 5,
      final: false,
      revision: 0,
      returnCount: 0,
      submittedAt: null,
      author: staff,
      head,
      committee: ctx.committee,
      indicatorId,
      indicatorValue: null,
      unit: null,
    });
  }
  // The first submitted report starts the task (the state machine's `start`).
  if (reported.length && status === 'assigned') {
    await ctx.repository.start(tx, await ctx.repository.lock(tx, taskId, false));
  }
  return taskId;
}

interface DemoReport {
  taskId: string;
  lead: string;
  period: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  percent: number;
  final: boolean;
  revision: number;
  returnCount: number;
  submittedAt: Date | null;
  author: string;
  head: string;
  committee: string;
  indicatorId: string | null;
  indicatorValue: number | null;
  unit: IndicatorUnit | null;
}

const SUMMARIES = ['按计划推进，阶段目标完成', '完成年度计划相应进度', '重点环节取得突破', '协调解决难点问题'];

async function insertReport(tx: EntityManager, audit: AuditWriter, r: DemoReport): Promise<void> {
  const value =
    r.indicatorValue === null
      ? null
      : r.unit === '%'
        ? Math.round(r.indicatorValue * 10) / 10
        : Math.round(r.indicatorValue);
  const actuals = r.indicatorId && value !== null ? [{ indicatorId: r.indicatorId, value }] : [];
  const summary = `${r.period}：${SUMMARIES[r.percent % SUMMARIES.length]}`;
  const reviewedAt = r.submittedAt ? new Date(r.submittedAt.getTime() + 86_400_000) : null;
  const reviewed = r.status === 'approved' || r.status === 'returned';
  const [row] = await tx.query<{ id: string }[]>(
    `INSERT INTO progress_report (task_id, period, status, revision, percent_complete, summary, problems, next_steps,
                                  indicator_actuals, final, author_id, submitted_by_id, submitted_at, first_submitted_at,
                                  return_count, review_comment, score, reviewed_by_id, reviewed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16, $17, $18) RETURNING id`,
    [
      r.taskId,
      r.period,
      r.status,
      r.revision,
      r.percent,
      summary,
      r.status === 'returned' ? '项目用地指标紧张' : '',
      '下阶段继续推进',
      JSON.stringify(actuals),
      r.final,
      r.author,
      r.submittedAt ? r.head : null,
      r.submittedAt,
      r.returnCount,
      r.status === 'returned' ? '请补充项目清单和投资完成数据' : null,
      r.status === 'approved' ? 85 + (r.percent % 10) : null,
      reviewed ? r.committee : null,
      reviewed ? reviewedAt : null,
    ],
  );
  const reportId = row.id;
  for (let revision = 1; revision <= r.revision; revision++) {
    const decision =
      revision < r.revision
        ? 'return'
        : r.status === 'approved'
          ? 'approve'
          : r.status === 'returned'
            ? 'return'
            : null;
    await tx.query(
      `INSERT INTO progress_report_version (report_id, revision, content, submitted_at, submitted_by_id, decision,
                                            review_comment, score, reviewed_at, reviewed_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        reportId,
        revision,
        JSON.stringify({
          percentComplete: r.percent,
          summary,
          problems: '',
          nextSteps: '下阶段继续推进',
          indicatorActuals: actuals,
          final: r.final,
          percentDecreaseReason: null,
        }),
        r.submittedAt,
        r.head,
        decision,
        decision === 'return' ? '请补充项目清单和投资完成数据' : null,
        decision === 'approve' ? 85 + (r.percent % 10) : null,
        decision ? reviewedAt : null,
        decision ? r.committee : null,
      ],
    );
  }
  await audit.append(tx, {
    actor: null,
    action: 'report.create',
    entityType: 'report',
    entityId: reportId,
    departmentId: r.lead,
    after: { taskId: r.taskId, period: r.period, status: r.status, percentComplete: r.percent, demo: true },
  });
}
