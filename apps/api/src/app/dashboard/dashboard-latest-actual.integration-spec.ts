import {
  COUNTED_REPORT_STATUSES,
  type DashboardView,
  REPORT_STATUSES,
  type ReportView,
  type TaskView,
  countsForProgress,
} from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

/*
 * The live dashboard reads each indicator's latest counted actual from the indicator row, kept by
 * triggers on progress_report (migration 1764870000000). The definition is the scan the dashboard
 * made before: the value in the task's latest (by period) submitted or approved report naming the
 * indicator. After every acknowledged step of random report workflows — some of them concurrent —
 * the kept value must equal the scan, for every indicator.
 */

/** A small seeded generator (mulberry32): the same sequence on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kept {
  id: string;
  kept: string | null;
  kept_period: string | null;
  scanned: string | null;
  scanned_period: string | null;
}

describe('Indicator latest counted actual, kept against the scan', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let staffEcon: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(new Date('2021-01-10T10:00:00+08:00'));
  const tasks: TaskView[] = [];

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, staffEcon] = await Promise.all(
      ['committee', 'head.econ', 'staff.econ'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
    for (const n of [1, 2]) {
      const created = await api.request<TaskView>('POST', '/api/tasks', {
        token: committee,
        body: {
          workItemCode: 'FA2.2',
          title: `指标维护 ${n}`,
          leadDepartmentId: dept['econ'],
          startDate: '2021-01-01',
          dueDate: '2021-12-31',
          indicators: [
            { name: '开工项目', unit: '个', baseline: 10, target: 20, direction: 'up' },
            { name: '排名', unit: '个', baseline: 20, target: 5, direction: 'down' },
            { name: '未填报', unit: '个', baseline: 0, target: 3, direction: 'up' },
          ],
        },
      });
      expect(created.status).toBe(201);
      const assigned = await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, {
        token: committee,
      });
      tasks.push(assigned.body);
    }
    // Six months of periods open for reports.
    clock.set(new Date('2021-06-20T10:00:00+08:00'));
  });
  afterAll(() => world.close());

  /** Every indicator: the kept value beside the scan (COUNTED_REPORT_STATUSES, latest period first). */
  const compare = () =>
    world.sql<Kept>(
      `SELECT i.id, i.latest_actual::text AS kept, i.latest_actual_period AS kept_period,
              la.value::text AS scanned, la.period AS scanned_period
         FROM indicator i
         LEFT JOIN LATERAL (
              SELECT (a ->> 'value')::numeric AS value, r.period
                FROM progress_report r, jsonb_array_elements(r.indicator_actuals) a
               WHERE r.task_id = i.task_id AND r.status = ANY($1) AND a ->> 'indicatorId' = i.id::text
               ORDER BY r.period DESC LIMIT 1) la ON true
        ORDER BY i.id`,
      [COUNTED_REPORT_STATUSES],
      'owner',
    );
  async function expectKept(): Promise<Kept[]> {
    const rows = await compare();
    for (const row of rows) {
      expect({ id: row.id, value: row.kept, period: row.kept_period }).toEqual({
        id: row.id,
        value: row.scanned,
        period: row.scanned_period,
      });
    }
    return rows;
  }

  it('equals the scan after every acknowledged step of random workflows, concurrent ones too', async () => {
    const next = random(12);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const periods = ['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06'];
    const reports = new Map<string, ReportView>();
    const done = new Map<string, number>();
    const count = (what: string) => done.set(what, (done.get(what) ?? 0) + 1);
    // The first two indicators of a task are named by reports (some of them, random values); the
    // third never is.
    const actuals = (task: TaskView) =>
      task.indicators
        .slice(0, 2)
        .filter(() => next() < 0.7)
        .map((i) => ({ indicatorId: i.id, value: Math.floor(next() * 30) }));

    /** One random step: a new draft, an edit, a submit, an approval, a return or a revision. */
    async function step(alone: boolean): Promise<void> {
      const task = pick(tasks);
      const own = [...reports.values()].filter((r) => r.taskId === task.id);
      const free = periods.filter((p) => !own.some((r) => r.period === p));
      const report = own.length ? pick(own) : null;
      if (!report || (free.length && next() < 0.25)) {
        if (!free.length) return;
        const created = await api.request<ReportView>('POST', `/api/tasks/${task.id}/progress`, {
          token: staffEcon,
          body: {
            period: pick(free),
            percentComplete: Math.floor(next() * 100),
            percentDecreaseReason: '随机顺序填报',
            summary: '随机流程',
            indicatorActuals: actuals(task),
          },
        });
        // Two drafts of one period at once: one of them is refused (not acknowledged).
        if (!alone && created.status !== 201) {
          expect([409, 422]).toContain(created.status);
          return;
        }
        expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({
          status: 201,
          body: null,
        });
        reports.set(created.body.id, created.body);
        count('create');
        return;
      }
      let result: { status: number; body: ReportView };
      let action: string;
      if (report.status === 'draft' && next() < 0.4) {
        action = 'edit';
        result = await api.request<ReportView>('PATCH', `/api/progress/${report.id}`, {
          token: staffEcon,
          body: { indicatorActuals: actuals(task), percentDecreaseReason: '随机顺序填报' },
          headers: { 'if-match': `"${report.version}"` },
        });
      } else if (report.status === 'draft') {
        action = 'submit';
        result = await api.request<ReportView>('POST', `/api/progress/${report.id}/submit`, { token: headEcon });
      } else if (report.status === 'submitted') {
        action = next() < 0.5 ? 'approve' : 'return';
        result = await api.request<ReportView>('POST', `/api/progress/${report.id}/review`, {
          token: committee,
          body: action === 'approve' ? { decision: 'approve' } : { decision: 'return', comment: '请补充' },
        });
      } else if (report.status === 'returned') {
        action = 'revise';
        result = await api.request<ReportView>('POST', `/api/progress/${report.id}/revise`, { token: staffEcon });
      } else {
        return; // approved: frozen
      }
      // A concurrent step may have moved the report on first (409/412): then it is not acknowledged.
      if (result.status === 200) {
        reports.set(report.id, result.body);
        count(action);
      } else {
        expect([409, 412]).toContain(result.status);
        const fresh = await api.request<ReportView>('GET', `/api/progress/${report.id}`, { token: committee });
        reports.set(report.id, fresh.body);
      }
    }

    for (let round = 0; round < 60; round++) {
      // Now and then two steps at once, on the same task or another.
      if (next() < 0.3) await Promise.all([step(false), step(false)]);
      else await step(true);
      await expectKept();
    }
    const rows = await expectKept();
    // The sequences reached every transition, and indicators with and without a kept value.
    for (const action of ['create', 'edit', 'submit', 'approve', 'return', 'revise']) {
      expect(done.get(action) ?? 0).toBeGreaterThan(0);
    }
    expect(rows.filter((r) => r.kept !== null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.kept === null).length).toBeGreaterThan(0);
    // An older period's report counted after a newer one does not replace the newer actual.
    expect(rows.some((r) => r.kept_period !== null && r.kept_period < '2021-06')).toBe(true);

    // The dashboard counts the kept values: the reported indicators are those with one.
    const dashboard = await api.request<DashboardView>('GET', '/api/dashboard', { token: committee });
    const [counted] = await world.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM indicator i JOIN task t ON t.id = i.task_id
        WHERE t.status IN ('assigned', 'in_progress', 'completed') AND i.latest_actual IS NOT NULL`,
    );
    expect(dashboard.body.totals.indicators.reported).toBe(counted?.n);
  });

  it('counts exactly the statuses the domain counts, and follows raw writes, deletes and new indicators', async () => {
    const [author] = await world.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'committee'`);
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA2.2',
        title: '指标维护 原始写入',
        leadDepartmentId: dept['econ'],
        dueDate: '2021-12-31',
        indicators: REPORT_STATUSES.map((s) => ({ name: s, unit: '个', baseline: 0, target: 10, direction: 'up' })),
      },
    });
    const task = created.body;
    // One report per status, each naming its own indicator (periods in status order).
    for (const [n, status] of REPORT_STATUSES.entries()) {
      await world.sql(
        `INSERT INTO progress_report (task_id, period, status, percent_complete, summary, author_id, revision,
                                      first_submitted_at, submitted_at, indicator_actuals)
         VALUES ($1, $2, $3, 10, '原始', $4, 1, now(), now(), $5)`,
        [
          task.id,
          `2020-0${n + 1}`,
          status,
          author?.id,
          JSON.stringify([{ indicatorId: task.indicators[n]?.id, value: 7 }]),
        ],
        'owner',
      );
    }
    const kept = async () =>
      new Map(
        (
          await world.sql<{ name: string; latest_actual: string | null }>(
            'SELECT name, latest_actual::text AS latest_actual FROM indicator WHERE task_id = $1',
            [task.id],
          )
        ).map((r) => [r.name, r.latest_actual]),
      );
    const byStatus = await kept();
    for (const status of REPORT_STATUSES) {
      expect({ status, kept: byStatus.get(status) ?? null }).toEqual({
        status,
        kept: countsForProgress(status) ? '7' : null,
      });
    }
    await expectKept();

    // A newer counted report naming every indicator, then deleted again.
    await world.sql(
      `INSERT INTO progress_report (task_id, period, status, percent_complete, summary, author_id, revision,
                                    first_submitted_at, submitted_at, indicator_actuals)
       VALUES ($1, '2020-09', 'approved', 20, '原始', $2, 1, now(), now(), $3)`,
      [task.id, author?.id, JSON.stringify(task.indicators.map((i) => ({ indicatorId: i.id, value: 9 })))],
      'owner',
    );
    expect([...(await kept()).values()]).toEqual(REPORT_STATUSES.map(() => '9'));
    await world.sql(`DELETE FROM progress_report WHERE task_id = $1 AND period = '2020-09'`, [task.id], 'owner');
    expect(await kept()).toEqual(byStatus);

    // An indicator row written after the reports that name it (a seeder's order) starts from them.
    const named = task.indicators.find((i) => i.name === 'approved');
    await world.sql('DELETE FROM indicator WHERE id = $1', [named?.id], 'owner');
    await world.sql(
      `INSERT INTO indicator (id, task_id, position, name, unit, baseline, target, direction)
       VALUES ($1, $2, 9, 'approved', '个', 0, 10, 'up')`,
      [named?.id, task.id],
      'owner',
    );
    expect(await kept()).toEqual(byStatus);
    await expectKept();
  });
});
