import {
  type DashboardView,
  type Period,
  type ReportingCycle,
  type TaskStatus,
  REPORTING_CYCLES,
  businessDateOf,
  comparePeriods,
  complianceOf,
  currentReportingPeriod,
  daysBetween,
  deadlineOf,
  firstOwedPeriod,
  taskPeriodOfLedgerMonth,
  isOpenTask,
  previousPeriod,
} from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { type DashboardTaskFacts, assembleDashboard } from './dashboard-view';

/*
 * The live dashboard reads each task's compliance facts in SQL (first owed period, the reports of
 * the two periods per cycle joined once). The domain is the definition: on generated tasks and
 * reports, the dashboard must equal what the domain's functions compute from the full rows.
 */

const ZONE = 'Asia/Shanghai';
const DUE_DAY = 5;

/** A due date on or after the start (the table's check). */
const due = (start: string | null, wanted: string) => (start && start > wanted ? '2021-12-31' : wanted);

/** A small seeded generator (mulberry32): the same data on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface TaskFacts {
  id: string;
  title: string;
  work_item_code: string;
  lead_department_id: string;
  status: TaskStatus;
  rag: DashboardTaskFacts['rag'];
  overdue: boolean;
  percent_complete: number;
  due_date: string;
  start_date: string | null;
  assigned_at: Date | null;
  reporting_cycle: ReportingCycle;
  co: string[];
}

describe('Dashboard SQL against the domain', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let econ: string;
  const clock = new FixedClock(new Date('2021-06-10T10:00:00+08:00'));
  const seen = { onTime: 0, late: 0, missing: 0, submitted: 0, pending: 0, notReported: 0, below: 0, reached: 0 };

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon] = await Promise.all(['committee', 'head.econ'].map((u) => signIn(api, u)));
    econ = (await departmentIds(world))['econ'] as string;

    const next = random(2021);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const departments = (await world.sql<{ id: string }>('SELECT id FROM department')).map((d) => d.id);
    const items = (await world.sql<{ code: string }>('SELECT code FROM work_item')).map((w) => w.code);
    const [author] = await world.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'committee'`);
    const statuses: TaskStatus[] = ['draft', 'assigned', 'in_progress', 'in_progress', 'completed', 'cancelled'];
    const months = ['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06', '2021-07'];
    for (let n = 0; n < 80; n++) {
      const status = pick(statuses);
      const cycle = pick(REPORTING_CYCLES);
      const startMonth = pick(months);
      const start = next() < 0.2 ? null : `${startMonth}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
      // Assignment at any hour: its business date may differ from its UTC date.
      const assigned =
        status === 'draft'
          ? null
          : new Date(Date.UTC(2021, Math.floor(next() * 6), 1 + Math.floor(next() * 28), Math.floor(next() * 24)));
      const lead = next() < 0.4 ? econ : pick(departments);
      const [task] = await world.sql<{ id: string }>(
        `INSERT INTO task (work_item_code, title, lead_department_id, start_date, due_date, status, assigned_at,
                           reporting_cycle, rag, overdue, percent_complete, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          pick(items),
          `生成任务 ${n}`,
          lead,
          start,
          due(start, pick(['2021-05-31', '2021-08-31', '2021-12-31'])),
          status,
          assigned,
          cycle,
          status === 'draft' ? null : pick(['red', 'amber', 'green']),
          next() < 0.2,
          Math.floor(next() * 101),
          author?.id,
        ],
        'owner',
      );
      if (next() < 0.3) {
        await world.sql(
          `INSERT INTO task_co_department (task_id, department_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [task?.id, lead === econ ? pick(departments.filter((d) => d !== econ)) : econ],
          'owner',
        );
      }
      // Indicators of either direction; reports name some of them, so an indicator's latest actual may
      // come from an older report than the task's latest.
      const indicators: string[] = [];
      for (let i = 0; i < Math.floor(next() * 3); i++) {
        const down = next() < 0.3;
        const [indicator] = await world.sql<{ id: string }>(
          `INSERT INTO indicator (task_id, position, name, unit, baseline, target, direction)
           VALUES ($1, $2, $3, '个', $4, $5, $6) RETURNING id`,
          [task?.id, i, `指标 ${i}`, down ? 20 : 10, down ? 10 : 20, down ? 'down' : 'up'],
          'owner',
        );
        indicators.push(indicator?.id as string);
      }
      const periods = cycle === 'monthly' ? months : ['2021-Q1', '2021-Q2', '2021-Q3'];
      for (const period of periods) {
        if (next() < 0.45) continue;
        // Drafts never submitted, and first submissions before and after their deadline.
        const submitted =
          next() < 0.3
            ? null
            : new Date(deadlineOf(period, DUE_DAY, ZONE).getTime() + (next() - 0.6) * 40 * 86_400_000);
        const actuals = indicators
          .filter(() => next() < 0.6)
          .map((indicatorId) => ({ indicatorId, value: 5 + Math.floor(next() * 21) }));
        await world.sql(
          `INSERT INTO progress_report (task_id, period, status, percent_complete, summary, author_id,
                                        first_submitted_at, submitted_at, revision, indicator_actuals)
           VALUES ($1, $2, $3, 10, '生成', $4, $5, $5, $6, $7)`,
          [
            task?.id,
            period,
            submitted ? 'submitted' : 'draft',
            author?.id,
            submitted,
            submitted ? 1 : 0,
            JSON.stringify(actuals),
          ],
          'owner',
        );
      }
    }
  });
  afterAll(() => world.close());

  /** The dashboard as the domain defines it, from every task and report row. */
  async function expected(now: Date, reader: { departmentId: string | null }): Promise<DashboardView> {
    const tasks = await world.sql<TaskFacts>(
      `SELECT t.*, ARRAY(SELECT department_id FROM task_co_department c WHERE c.task_id = t.id) AS co FROM task t`,
    );
    const reports = await world.sql<{
      task_id: string;
      period: string;
      status: string;
      first_submitted_at: Date | null;
      indicator_actuals: { indicatorId: string; value: number }[];
    }>('SELECT task_id, period, status, first_submitted_at, indicator_actuals FROM progress_report');
    const indicators = await world.sql<{ id: string; task_id: string; baseline: string; target: string }>(
      'SELECT id, task_id, baseline, target FROM indicator ORDER BY position',
    );
    // An indicator's actual: the value in its task's latest submitted or approved report that names it.
    const actualOf = (indicatorId: string, taskId: string): number | null => {
      const named = reports
        .filter((r) => r.task_id === taskId && ['submitted', 'approved'].includes(r.status))
        .flatMap((r) => r.indicator_actuals.filter((a) => a.indicatorId === indicatorId).map((a) => ({ ...a, r })))
        .sort((a, b) => (a.r.period < b.r.period ? 1 : -1));
      return named[0]?.value ?? null;
    };
    const reportOf = new Map(reports.map((r) => [`${r.task_id}|${r.period}`, r]));
    const today = businessDateOf(now, ZONE);
    const visible = tasks.filter(
      (t) =>
        reader.departmentId === null ||
        (t.status !== 'draft' && (t.lead_department_id === reader.departmentId || t.co.includes(reader.departmentId))),
    );
    const lastClosedMonth = previousPeriod(currentReportingPeriod(now, 'monthly', DUE_DAY, ZONE));
    const facts = visible.map((t): DashboardTaskFacts => {
      const current: Period = currentReportingPeriod(now, t.reporting_cycle, DUE_DAY, ZONE);
      const lastClosed = previousPeriod(current);
      const first = firstOwedPeriod({
        startDate: t.start_date,
        assignedAt: t.assigned_at,
        reportingCycle: t.reporting_cycle,
        timeZone: ZONE,
      });
      const owes = (period: Period) => isOpenTask(t.status) && first !== null && comparePeriods(period, first) >= 0;
      const closedReport = reportOf.get(`${t.id}|${lastClosed}`);
      return {
        id: t.id,
        title: t.title,
        workItemCode: t.work_item_code,
        leadDepartmentId: t.lead_department_id,
        status: t.status,
        rag: t.rag,
        overdue: t.overdue,
        percentComplete: t.percent_complete,
        dueDate: t.due_date,
        daysOverdue: t.overdue ? daysBetween(t.due_date, today) : null,
        // The last closed month's compliance counts what that month's ledger covers: a quarterly task
        // only when its closed quarter ends that month.
        lastClosed:
          owes(lastClosed) && lastClosed === taskPeriodOfLedgerMonth(lastClosedMonth, t.reporting_cycle)
            ? complianceOf(closedReport?.first_submitted_at ?? null, deadlineOf(lastClosed, DUE_DAY, ZONE), now)
            : null,
        currentSubmitted: owes(current) ? Boolean(reportOf.get(`${t.id}|${current}`)?.first_submitted_at) : null,
        indicators: indicators
          .filter((i) => i.task_id === t.id)
          .map((i) => ({ baseline: Number(i.baseline), target: Number(i.target), actual: actualOf(i.id, t.id) })),
      };
    });
    const monthly = currentReportingPeriod(now, 'monthly', DUE_DAY, ZONE);
    return assembleDashboard(
      { generatedAt: now.toISOString(), today, currentPeriod: monthly, lastClosedPeriod: previousPeriod(monthly) },
      facts,
      {
        areas: await world.sql('SELECT code, name, name_en FROM focus_area ORDER BY position'),
        departments: await world.sql('SELECT id, code, name FROM department ORDER BY code'),
      },
    );
  }

  // Before and after a report deadline, at a quarter's turn, late in a month.
  it.each([
    '2021-06-03T09:00:00+08:00',
    '2021-06-10T10:00:00+08:00',
    '2021-07-05T23:30:00+08:00',
    '2021-07-28T08:00:00+08:00',
  ])('equals the domain’s dashboard at %s, for the committee and a department head', async (instant) => {
    const now = new Date(instant);
    clock.set(now);
    // The stored RAG columns are the generated ones: mark them computed today so that none is recomputed.
    await world.sql('UPDATE task SET rag_computed_on = $1', [businessDateOf(now, ZONE)], 'owner');
    const forCommittee = await api.request<DashboardView>('GET', '/api/dashboard', { token: committee });
    expect(forCommittee.status).toBe(200);
    expect(forCommittee.body).toEqual(await expected(now, { departmentId: null }));
    const forHead = await api.request<DashboardView>('GET', '/api/dashboard', { token: headEcon });
    expect(forHead.body).toEqual(await expected(now, { departmentId: econ }));
    const { lastClosedCompliance: closed, currentSubmissions: current } = forCommittee.body.totals;
    seen.onTime += closed.onTime;
    seen.late += closed.late;
    seen.missing += closed.missing;
    seen.submitted += current.submitted;
    seen.pending += current.pending;
    const { indicators } = forCommittee.body.totals;
    seen.notReported += indicators.total - indicators.reported;
    seen.below += indicators.reported - indicators.reached;
    seen.reached += indicators.reached;
  });

  it('was given data that reaches every outcome', () => {
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });
});
