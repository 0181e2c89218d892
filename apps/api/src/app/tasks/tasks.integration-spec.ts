import { randomUUID } from 'node:crypto';
import type { TaskListItemView, TaskTotalsView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { getWithStatements } from '../../../test/statements';

describe('Tasks', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let headParty: string;
  let dept: Record<string, string>;
  // 10 March 2021, 10:00 in Zibo.
  const clock = new FixedClock(new Date('2021-03-10T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    committee = await signIn(api, 'committee');
    headEcon = await signIn(api, 'head.econ');
    staffEcon = await signIn(api, 'staff.econ');
    headSci = await signIn(api, 'head.sci');
    headParty = await signIn(api, 'head.party');
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const newTask = (overrides: Record<string, unknown> = {}) => ({
    workItemCode: 'FA2.2',
    title: '推进重大项目集中开工',
    description: '全年策划实施重大项目不少于 400 个',
    leadDepartmentId: dept['econ'],
    coDepartmentIds: [dept['sci']],
    startDate: '2021-03-01',
    dueDate: '2021-12-31',
    milestones: [{ title: '一季度集中开工', plannedDate: '2021-03-31' }],
    indicators: [{ name: '策划实施重大项目', unit: '个', baseline: 394, target: 400, direction: 'up' }],
    ...overrides,
  });

  async function createTask(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    return api.request<TaskView>('POST', '/api/tasks', { token: committee, body: newTask(overrides), headers });
  }

  async function assigned(overrides: Record<string, unknown> = {}): Promise<TaskView> {
    const created = await createTask(overrides);
    const result = await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee });
    expect(result.status).toBe(200);
    return result.body;
  }

  it('creates a draft task with its plan, hidden from departments until assigned', async () => {
    const created = await createTask();
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/tasks/${created.body.id}`);
    expect(created.headers.get('etag')).toBe(`"${created.body.version}"`);
    expect(created.body).toMatchObject({
      status: 'draft',
      rag: null,
      overdue: false,
      focusAreaCode: 'FA2',
      coDepartmentIds: [dept['sci']],
      milestones: [{ title: '一季度集中开工', plannedDate: '2021-03-31', doneDate: null }],
      indicators: [{ name: '策划实施重大项目', unit: '个', baseline: 394, target: 400, direction: 'up', actual: null }],
      allowedActions: ['assign', 'cancel'],
    });
    expect((await api.request('GET', `/api/tasks/${created.body.id}`, { token: headEcon })).status).toBe(404);

    const assignedTask = await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, {
      token: committee,
    });
    expect(assignedTask.body).toMatchObject({ status: 'assigned', rag: 'green', baselineDueDate: '2021-12-31' });
    expect(assignedTask.body.milestones[0]?.baselinePlannedDate).toBe('2021-03-31');
    const seen = await api.request<TaskView>('GET', `/api/tasks/${created.body.id}`, { token: headEcon });
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions).toEqual([]);
    // The co-owner sees it too; an unrelated department does not.
    expect((await api.request('GET', `/api/tasks/${created.body.id}`, { token: headSci })).status).toBe(200);
    expect((await api.request('GET', `/api/tasks/${created.body.id}`, { token: headParty })).status).toBe(404);
  });

  it('notifies the lead and co-owning departments on assignment', async () => {
    const task = await assigned({ title: '通知测试任务' });
    const rows = await world.sql<{ username: string }>(
      `SELECT u.username FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.task_id = $1 AND n.kind = 'assigned' ORDER BY 1`,
      [task.id],
    );
    expect(rows.map((r) => r.username)).toEqual(['head.econ', 'head.sci', 'staff.econ', 'staff.sci']);
    const list = await api.request<{ items: { taskId: string; kind: string }[] }>('GET', '/api/notifications', {
      token: headSci,
    });
    expect(list.body.items.some((n) => n.taskId === task.id && n.kind === 'assigned')).toBe(true);
  });

  it('refuses bad plans: unknown work item, lead as co-owner, milestone after due, target against the direction (422)', async () => {
    const result = await createTask({
      workItemCode: 'FA9.9',
    });
    expect(result.status).toBe(400);
    const plan = await api.request<{ errors: { field: string }[] }>('POST', '/api/tasks', {
      token: committee,
      body: newTask({
        coDepartmentIds: [dept['econ']],
        milestones: [{ title: 'x', plannedDate: '2022-02-01' }],
        indicators: [{ name: 'y', unit: '个', baseline: 10, target: 5, direction: 'up' }],
      }),
    });
    expect(plan.status).toBe(422);
    expect(plan.body.errors.map((e) => e.field).sort()).toEqual([
      'coDepartmentIds',
      'indicators.0.target',
      'milestones.0.plannedDate',
    ]);
  });

  it('only lets the committee create tasks', async () => {
    expect((await api.request('POST', '/api/tasks', { token: headEcon, body: newTask() })).status).toBe(403);
    const auditor = await signIn(api, 'auditor');
    expect((await api.request('POST', '/api/tasks', { token: auditor, body: newTask() })).status).toBe(403);
  });

  it('replays an Idempotency-Key: the first response again, nothing created twice; another body → 422', async () => {
    const headers = { 'idempotency-key': 'create-task-abc' };
    const first = await createTask({ title: '幂等任务' }, headers);
    const replay = await createTask({ title: '幂等任务' }, headers);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    const count = await world.sql<{ n: number }>(`SELECT count(*)::int AS n FROM task WHERE title = '幂等任务'`);
    expect(count[0]?.n).toBe(1);
    expect((await createTask({ title: '另一个' }, headers)).status).toBe(422);
    // Concurrent replays also create one task.
    const racing = await Promise.all(
      [1, 2, 3].map(() => createTask({ title: '并发幂等' }, { 'idempotency-key': 'race-1' })),
    );
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
  });

  it('needs If-Match to PATCH (428), refuses stale versions (412), and keeps plan fields for amendments after assignment (422)', async () => {
    const task = await assigned();
    const path = `/api/tasks/${task.id}`;
    expect((await api.request('PATCH', path, { token: committee, body: { title: '新标题' } })).status).toBe(428);
    const renamed = await api.request<TaskView>('PATCH', path, {
      token: committee,
      body: { title: '新标题' },
      headers: { 'if-match': `"${task.version}"` },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).toBe(task.version + 1);
    const stale = await api.request('PATCH', path, {
      token: committee,
      body: { title: '旧' },
      headers: { 'if-match': `"${task.version}"` },
    });
    expect(stale.status).toBe(412);
    const plan = await api.request<{ errors: { field: string; code: string }[] }>('PATCH', path, {
      token: committee,
      body: { dueDate: '2022-06-30' },
      headers: { 'if-match': `"${renamed.body.version}"` },
    });
    expect(plan.status).toBe(422);
    expect(plan.body.errors[0]).toMatchObject({ field: 'dueDate', code: 'plan_field' });
  });

  it('after assignment renames an indicator by PATCH but changes its target only through an amendment', async () => {
    const task = await assigned();
    const indicator = task.indicators[0];
    const path = `/api/tasks/${task.id}`;
    const renamed = await api.request<TaskView>('PATCH', path, {
      token: committee,
      body: { indicators: [{ id: indicator?.id, name: '策划实施重大项目（个）' }] },
      headers: { 'if-match': `"${task.version}"` },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.indicators[0]).toMatchObject({ name: '策划实施重大项目（个）', target: indicator?.target });
    const target = await api.request<{ errors: { field: string; code: string }[] }>('PATCH', path, {
      token: committee,
      body: { indicators: [{ id: indicator?.id, target: 500 }] },
      headers: { 'if-match': `"${renamed.body.version}"` },
    });
    expect(target.status).toBe(422);
    expect(target.body.errors[0]).toMatchObject({ field: 'indicators.0', code: 'plan_field' });
  });

  it('lets the lead department head record milestone done dates, and nothing else', async () => {
    const task = await assigned();
    const milestone = task.milestones[0];
    const done = await api.request<TaskView>('PATCH', `/api/tasks/${task.id}`, {
      token: headEcon,
      body: { milestones: [{ id: milestone?.id, doneDate: '2021-03-09' }] },
      headers: { 'if-match': `"${task.version}"` },
    });
    expect(done.status).toBe(200);
    expect(done.body.milestones[0]?.doneDate).toBe('2021-03-09');
    const title = await api.request('PATCH', `/api/tasks/${task.id}`, {
      token: headEcon,
      body: { title: '越权' },
      headers: { 'if-match': `"${done.body.version}"` },
    });
    expect(title.status).toBe(403);
    for (const token of [staffEcon, headSci]) {
      const other = await api.request('PATCH', `/api/tasks/${task.id}`, {
        token,
        body: { milestones: [{ id: milestone?.id, doneDate: '2021-03-09' }] },
        headers: { 'if-match': `"${done.body.version}"` },
      });
      expect(other.status).toBe(403);
    }
    const future = await api.request('PATCH', `/api/tasks/${task.id}`, {
      token: headEcon,
      body: { milestones: [{ id: milestone?.id, doneDate: '2021-04-01' }] },
      headers: { 'if-match': `"${done.body.version}"` },
    });
    expect(future.status).toBe(422);
  });

  it('answers illegal transitions with 409 naming the allowed ones, and cancels only with a reason', async () => {
    const task = await assigned();
    const again = await api.request<{ allowed: string[] }>('POST', `/api/tasks/${task.id}/assign`, {
      token: committee,
    });
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual(['complete', 'cancel']);
    const noFinal = await api.request('POST', `/api/tasks/${task.id}/complete`, { token: committee });
    expect(noFinal.status).toBe(422);
    expect((await api.request('POST', `/api/tasks/${task.id}/cancel`, { token: committee, body: {} })).status).toBe(
      400,
    );
    const cancelled = await api.request<TaskView>('POST', `/api/tasks/${task.id}/cancel`, {
      token: committee,
      body: { reason: '并入其他任务' },
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', rag: null });
    expect((await api.request('POST', `/api/tasks/${task.id}/assign`, { token: committee })).status).toBe(409);
  });

  it('lists only visible tasks, with filters, and turns amber then red as periods pass unreported', async () => {
    const task = await assigned({
      title: '无报告任务',
      workItemCode: 'FA7.1',
      leadDepartmentId: dept['social'],
      coDepartmentIds: [],
    });
    const headSocial = await signIn(api, 'head.social');
    const mine = await api.request<{ items: TaskListItemView[] }>('GET', '/api/tasks?limit=500', { token: headSocial });
    expect(mine.body.items.map((t) => t.id)).toEqual([task.id]);
    const byArea = await api.request<{ items: TaskListItemView[] }>('GET', '/api/tasks?focusArea=FA7&limit=500', {
      token: committee,
    });
    expect(byArea.body.items.every((t) => t.focusAreaCode === 'FA7')).toBe(true);
    const search = await api.request<{ items: TaskListItemView[] }>(
      'GET',
      `/api/tasks?q=${encodeURIComponent('无报告')}`,
      { token: committee },
    );
    expect(search.body.items.map((t) => t.id)).toEqual([task.id]);

    clock.set(new Date('2021-04-10T09:00:00+08:00')); // March closed without a report
    const amber = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: headSocial });
    expect(amber.body).toMatchObject({ rag: 'amber', ragReasons: ['last_period_missing'] });
    clock.set(new Date('2021-05-10T09:00:00+08:00')); // April closed too
    // The day's first read of each kind recomputes before it answers: the totals here, the list below.
    const totals = await api.request<TaskTotalsView>('GET', '/api/tasks/totals', { token: headSocial });
    expect(totals.body).toMatchObject({ total: 1, rag: { red: 1, amber: 0, green: 0, none: 0 } });
    clock.set(new Date('2021-06-10T09:00:00+08:00'));
    const red = await api.request<{ items: TaskListItemView[] }>('GET', '/api/tasks?rag=red&limit=500', {
      token: headSocial,
    });
    expect(red.body.items.map((t) => t.id)).toEqual([task.id]);
    clock.set(new Date('2021-03-10T10:00:00+08:00'));
  });

  it('filters by lead department alone with leadDepartment, while department means lead or co-owner', async () => {
    const led = await assigned({
      title: '牵头筛选',
      workItemCode: 'FA6.1',
      leadDepartmentId: dept['party'],
      coDepartmentIds: [],
    });
    const coOwned = await assigned({
      title: '配合筛选',
      workItemCode: 'FA6.1',
      leadDepartmentId: dept['approval'],
      coDepartmentIds: [dept['party']],
    });
    const ids = async (query: string) =>
      (
        await api.request<{ items: TaskListItemView[] }>('GET', `/api/tasks?limit=500&${query}`, { token: committee })
      ).body.items.map((t) => t.id);
    expect(await ids(`department=${dept['party']}`)).toEqual(expect.arrayContaining([led.id, coOwned.id]));
    const leadOnly = await ids(`leadDepartment=${dept['party']}`);
    expect(leadOnly).toContain(led.id);
    expect(leadOnly).not.toContain(coOwned.id);
    expect((await api.request('GET', '/api/tasks?leadDepartment=x', { token: committee })).status).toBe(400);
  });

  it("answers the list and the detail in one statement each besides the session check, the day's refresh once", async () => {
    const task = await assigned({ title: '语句计数', workItemCode: 'FA3.1' });
    // Accepted (签收): while the receipt is pending the detail reads the working-day calendar too.
    const accepted = await api.request('POST', `/api/tasks/${task.id}/accept`, { token: headEcon, body: {} });
    expect(accepted.status).toBe(200);
    const statementsOf = (path: string, token: string) => getWithStatements(api, path, token);
    const list = '/api/tasks?limit=50';
    const detail = `/api/tasks/${task.id}`;
    const count = async (path: string, token: string) => {
      const { status, statements } = await statementsOf(path, token);
      return { status, statements };
    };
    for (const token of [committee, headEcon]) {
      expect(await count(list, token)).toEqual({ status: 200, statements: 2 });
      expect(await count(detail, token)).toEqual({ status: 200, statements: 2 });
      expect(await count('/api/tasks/totals', token)).toEqual({ status: 200, statements: 2 });
    }
    // Hidden or unknown: the detail's one statement is the 404 check too (what follows it records
    // the refusal in the audit log, as every 404 of a signed-in caller).
    const readsOf = (sent: string[]) => sent.filter((sql) => /\bFROM task t\b/.test(sql)).length;
    for (const [path, token] of [
      [detail, headParty],
      [`/api/tasks/${randomUUID()}`, committee],
    ] as const) {
      const refused = await statementsOf(path, token);
      expect({ status: refused.status, reads: readsOf(refused.sent) }).toEqual({ status: 404, reads: 1 });
    }
    // A malformed id names nothing: 404 without reading any task.
    const malformed = await statementsOf('/api/tasks/not-a-task', committee);
    expect({ status: malformed.status, reads: readsOf(malformed.sent) }).toEqual({ status: 404, reads: 0 });

    // The next day every open status is stale: the first read recomputes them (more statements)
    // and still shows today's; the next reads are back to one statement.
    clock.set(new Date('2021-03-11T10:00:00+08:00'));
    try {
      const first = await statementsOf(detail, headEcon);
      expect(first.status).toBe(200);
      expect(first.statements).toBeGreaterThan(2);
      const [row] = await world.sql<{ rag_computed_on: string }>(
        `SELECT to_char(rag_computed_on, 'YYYY-MM-DD') AS rag_computed_on FROM task WHERE id = $1`,
        [task.id],
      );
      expect(row?.rag_computed_on).toBe('2021-03-11');
      expect(await count(list, headEcon)).toEqual({ status: 200, statements: 2 });
      expect(await count(detail, headEcon)).toEqual({ status: 200, statements: 2 });
      expect(await count('/api/tasks/totals', headEcon)).toEqual({ status: 200, statements: 2 });
    } finally {
      clock.set(new Date('2021-03-10T10:00:00+08:00'));
    }
  });
});
