import type { DashboardView, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { getWithStatements } from '../../../test/statements';

describe('Dashboard', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let headParty: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(new Date('2021-03-10T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, headParty] = await Promise.all(
      ['committee', 'head.econ', 'head.party'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const dashboard = (token: string) => api.request<DashboardView>('GET', '/api/dashboard', { token });

  async function assignedTask(workItemCode: string, lead: string, dueDate = '2021-12-31'): Promise<TaskView> {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode,
        title: `任务 ${workItemCode}`,
        leadDepartmentId: dept[lead],
        startDate: '2021-03-01',
        dueDate,
      },
    });
    return (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  }

  it('counts by area, department, status and RAG, and changes as reports come in and periods close', async () => {
    const econTask = await assignedTask('FA1.1', 'econ');
    await assignedTask('FA8.2', 'party');
    const draftOnly = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: { workItemCode: 'FA1.2', title: '草稿', leadDepartmentId: dept['econ'], dueDate: '2021-12-31' },
    });
    expect(draftOnly.status).toBe(201);

    const start = (await dashboard(committee)).body;
    expect(start.totals).toMatchObject({
      tasks: 3,
      byStatus: { draft: 1, assigned: 2 },
      byRag: { green: 2, amber: 0, red: 0 },
    });
    expect(start.byFocusArea.find((a) => a.code === 'FA1')).toMatchObject({ tasks: 2, name: '聚焦创新驱动' });
    expect(start.byDepartment.map((d) => [d.code, d.tasks])).toEqual([
      ['econ', 2],
      ['party', 1],
    ]);
    expect(start.totals.currentSubmissions).toEqual({ submitted: 0, pending: 2 });

    // The econ head sees only econ's non-draft task.
    const econView = (await dashboard(headEcon)).body;
    expect(econView.totals).toMatchObject({ tasks: 1, byStatus: { assigned: 1, draft: 0 } });
    expect(econView.byDepartment.map((d) => d.code)).toEqual(['econ']);

    const report = await api.request<ReportView>('POST', `/api/tasks/${econTask.id}/progress`, {
      token: headEcon,
      body: { period: '2021-03', percentComplete: 15, summary: '启动' },
    });
    await api.request('POST', `/api/progress/${report.body.id}/submit`, { token: headEcon });
    const afterSubmit = (await dashboard(committee)).body;
    expect(afterSubmit.totals.byStatus).toMatchObject({ assigned: 1, in_progress: 1 });
    expect(afterSubmit.totals.currentSubmissions).toEqual({ submitted: 1, pending: 1 });

    // March closes: econ on time, party missing → party amber.
    clock.set(new Date('2021-04-07T09:00:00+08:00'));
    const april = (await dashboard(committee)).body;
    expect(april).toMatchObject({ currentPeriod: '2021-04', lastClosedPeriod: '2021-03' });
    expect(april.totals.lastClosedCompliance).toEqual({ onTime: 1, late: 0, missing: 1 });
    expect(april.byDepartment.find((d) => d.code === 'party')).toMatchObject({
      byRag: { amber: 1 },
      lastClosedCompliance: { missing: 1 },
    });
    expect((await dashboard(headParty)).body.totals.byRag).toEqual({ red: 0, amber: 1, green: 0 });
  });

  it('lists overdue tasks with days overdue', async () => {
    const late = await assignedTask('FA6.1', 'approval', '2021-04-01');
    const view = (await dashboard(committee)).body;
    expect(view.overdueTasks).toEqual([
      expect.objectContaining({ id: late.id, dueDate: '2021-04-01', daysOverdue: 6 }),
    ]);
    expect(view.totals.byRag.red).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 for an asOf in the future or not a date', async () => {
    expect((await api.request('GET', '/api/dashboard?asOf=2021-04-08', { token: committee })).status).toBe(400);
    const bad = await api.request<{ errors: { field: string }[] }>('GET', '/api/dashboard?asOf=2021-4-1', {
      token: committee,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.field).toBe('asOf');
    expect((await api.request('GET', '/api/dashboard?asOf=2021-04-07', { token: committee })).status).toBe(200);
  });

  it('counts indicators against their targets per focus area and department, from the latest counted actuals', async () => {
    const area = (view: DashboardView) => view.byFocusArea.find((a) => a.code === 'FA3');
    const none = { total: 0, reported: 0, reached: 0, averageAttainment: null };
    expect(area((await dashboard(committee)).body)?.indicators).toEqual(none);
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA3.1',
        title: '指标任务',
        leadDepartmentId: dept['econ'],
        startDate: '2021-03-01',
        dueDate: '2021-12-31',
        indicators: [
          // 100 → 200: an actual of 150 is half way.
          { name: '新增企业', unit: '家', baseline: 100, target: 200, direction: 'up' },
          // Rank 10 → 3, lower is better: 3 reaches it.
          { name: '全省排名', unit: '名次', baseline: 10, target: 3, direction: 'down' },
          // Never reported.
          { name: '研发投入', unit: '亿元', baseline: 1, target: 2, direction: 'up' },
        ],
      },
    });
    expect(created.status).toBe(201);
    // A draft's indicators are not counted yet.
    expect(area((await dashboard(committee)).body)?.indicators).toEqual(none);
    const task = (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee }))
      .body;
    const [companies, rank] = task.indicators;
    // April, submitted: companies 150, rank 5. May's draft (not counted) says rank 3; the
    // submitted April value stands.
    const april = await api.request<ReportView>('POST', `/api/tasks/${task.id}/progress`, {
      token: headEcon,
      body: {
        period: '2021-04',
        percentComplete: 20,
        summary: '进展',
        indicatorActuals: [
          { indicatorId: companies?.id, value: 150 },
          { indicatorId: rank?.id, value: 5 },
        ],
      },
    });
    expect(april.status).toBe(201);
    expect((await api.request('POST', `/api/progress/${april.body.id}/submit`, { token: headEcon })).status).toBe(200);
    const counted = area((await dashboard(committee)).body)?.indicators;
    // Attainments 50 % and (10−5)/(10−3) = 71.4 %: mean 60.7; nothing reached yet.
    expect(counted).toEqual({ total: 3, reported: 2, reached: 0, averageAttainment: 60.7 });

    clock.set(new Date('2021-05-07T09:00:00+08:00'));
    const may = await api.request<ReportView>('POST', `/api/tasks/${task.id}/progress`, {
      token: headEcon,
      body: {
        period: '2021-05',
        percentComplete: 30,
        summary: '进展',
        indicatorActuals: [{ indicatorId: rank?.id, value: 3 }],
      },
    });
    expect(may.status).toBe(201);
    expect(area((await dashboard(committee)).body)?.indicators).toEqual(counted);
    expect((await api.request('POST', `/api/progress/${may.body.id}/submit`, { token: headEcon })).status).toBe(200);
    // Rank 3 reached (100 %), companies still 150 from April (50 %): mean 75.
    const view = (await dashboard(committee)).body;
    expect(area(view)?.indicators).toMatchObject({ total: 3, reported: 2, reached: 1, averageAttainment: 75 });
    expect(view.byDepartment.find((d) => d.code === 'econ')?.indicators).toMatchObject({ reached: 1 });
    expect(view.totals.indicators.reached).toBeGreaterThanOrEqual(1);
    // The econ head sees the same for their own task.
    expect(area((await dashboard(headEcon)).body)?.indicators).toEqual(area(view)?.indicators);
  });

  it("answers in one statement besides the session check, and the first read of a day shows that day's statuses", async () => {
    // Due today (7 May): not overdue until the day turns.
    const dueToday = await assignedTask('FA5.1', 'econ', '2021-05-07');
    const statementsOf = (token: string) => getWithStatements<DashboardView>(api, '/api/dashboard', token);
    const overdue = (view: DashboardView) => view.overdueTasks.find((t) => t.id === dueToday.id);
    for (const token of [committee, headEcon]) {
      const today = await statementsOf(token);
      expect({ status: today.status, statements: today.statements }).toEqual({ status: 200, statements: 2 });
      expect(overdue(today.body)).toBeUndefined();
    }

    // The next day every open status is stale: the first read recomputes them (more statements)
    // and already counts the task overdue; the next reads are back to one statement.
    clock.set(new Date('2021-05-08T09:00:00+08:00'));
    try {
      const first = await statementsOf(committee);
      expect(first.status).toBe(200);
      expect(first.statements).toBeGreaterThan(2);
      expect(overdue(first.body)).toMatchObject({ dueDate: '2021-05-07', daysOverdue: 1 });
      const [row] = await world.sql<{ rag_computed_on: string }>(
        `SELECT to_char(rag_computed_on, 'YYYY-MM-DD') AS rag_computed_on FROM task WHERE id = $1`,
        [dueToday.id],
      );
      expect(row?.rag_computed_on).toBe('2021-05-08');
      const again = await statementsOf(committee);
      expect({ status: again.status, statements: again.statements }).toEqual({ status: 200, statements: 2 });
      expect(again.body).toEqual({ ...first.body, generatedAt: expect.any(String) });
      const econ = await statementsOf(headEcon);
      expect({ status: econ.status, statements: econ.statements }).toEqual({ status: 200, statements: 2 });
      expect(overdue(econ.body)).toMatchObject({ daysOverdue: 1 });
    } finally {
      clock.set(new Date('2021-05-07T09:00:00+08:00'));
    }
  });
});

describe('Dashboard as of a past date', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let headParty: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(new Date('2021-03-10T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, headParty] = await Promise.all(
      ['committee', 'head.econ', 'head.party'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const dashboard = (token: string, asOf?: string) =>
    api.request<DashboardView>('GET', `/api/dashboard${asOf ? `?asOf=${asOf}` : ''}`, { token });

  async function assignedTask(workItemCode: string, lead: string, dueDate = '2021-12-31'): Promise<TaskView> {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode,
        title: `任务 ${workItemCode}`,
        leadDepartmentId: dept[lead],
        startDate: '2021-03-01',
        dueDate,
      },
    });
    return (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  }

  async function submit(taskId: string, token: string, period: string, percentComplete: number, final = false) {
    const draft = await api.request<ReportView>('POST', `/api/tasks/${taskId}/progress`, {
      token,
      body: { period, percentComplete, summary: '进展', final },
    });
    await api.request('POST', `/api/progress/${draft.body.id}/submit`, { token });
    return draft.body.id;
  }

  it('reproduces the dashboard of a past date from the snapshots, for every role, whatever happened since', async () => {
    const econ = await assignedTask('FA1.1', 'econ');
    const party = await assignedTask('FA8.2', 'party');
    await assignedTask('FA6.1', 'approval', '2021-04-01');
    await submit(econ.id, headEcon, '2021-03', 15);

    // The morning after March closed: what the committee and the econ head saw then.
    clock.set(new Date('2021-04-06T10:00:00+08:00'));
    const committeeThen = (await dashboard(committee)).body;
    const econThen = (await dashboard(headEcon)).body;
    expect(committeeThen.totals).toMatchObject({
      tasks: 3,
      byRag: { red: 1, amber: 1, green: 1 },
      overdue: 1,
      lastClosedCompliance: { onTime: 1, late: 0, missing: 2 },
    });

    // Later: party reports March late, econ reports April and is completed.
    clock.set(new Date('2021-04-20T10:00:00+08:00'));
    await submit(party.id, headParty, '2021-03', 10);
    const finalId = await submit(econ.id, headEcon, '2021-04', 100, true);
    await api.request('POST', `/api/progress/${finalId}/review`, { token: committee, body: { decision: 'approve' } });
    await api.request('POST', `/api/tasks/${econ.id}/close-request`, { token: headEcon, body: { summary: '完成' } });
    await api.request('POST', `/api/tasks/${econ.id}/complete`, { token: committee });
    clock.set(new Date('2021-05-10T10:00:00+08:00'));
    expect((await dashboard(committee)).body.totals.byStatus).toMatchObject({ completed: 1 });

    const committeeAsOf = await dashboard(committee, '2021-04-06');
    expect(committeeAsOf.status).toBe(200);
    expect(committeeAsOf.body).toEqual({ ...committeeThen, generatedAt: expect.any(String) });
    expect((await dashboard(headEcon, '2021-04-06')).body).toEqual({ ...econThen, generatedAt: expect.any(String) });

    // Between closes: March's snapshots (statuses as recorded then), tasks closed since with their final
    // status, and the first submissions made by the end of that day.
    const midApril = (await dashboard(committee, '2021-04-20')).body;
    expect(midApril).toMatchObject({ today: '2021-04-20', currentPeriod: '2021-04', lastClosedPeriod: '2021-03' });
    expect(midApril.totals).toMatchObject({
      tasks: 3,
      byStatus: { completed: 1, in_progress: 0, assigned: 2 },
      lastClosedCompliance: { onTime: 0, late: 1, missing: 1 },
      currentSubmissions: { submitted: 0, pending: 2 },
    });

    // Before any period closed there is nothing recorded.
    expect((await dashboard(committee, '2021-03-31')).body.totals.tasks).toBe(0);
  });
});
