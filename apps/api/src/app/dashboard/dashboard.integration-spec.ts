import type { DashboardView, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

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

  it('answers asOf with 400 until status snapshots exist', async () => {
    expect((await api.request('GET', '/api/dashboard?asOf=2021-03-31', { token: committee })).status).toBe(400);
  });
});
