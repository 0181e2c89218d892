import type { AmendmentView, PlanDriftView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

describe('Plan amendments and plan drift', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let staffEcon: string;
  let headParty: string;
  let task: TaskView;
  const clock = new FixedClock(new Date('2021-03-15T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, staffEcon, headParty] = await Promise.all(
      ['committee', 'head.econ', 'staff.econ', 'head.party'].map((u) => signIn(api, u)),
    );
    const dept = await departmentIds(world);
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA3.1',
        title: '重点城建工程',
        leadDepartmentId: dept['econ'],
        startDate: '2021-03-01',
        dueDate: '2021-09-30',
        milestones: [{ title: '主体完工', plannedDate: '2021-08-31' }],
        indicators: [{ name: '完成投资', unit: '亿元', baseline: 10, target: 25, direction: 'up' }],
      },
    });
    task = (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  });
  afterAll(() => world.close());

  it('lets the lead head propose, and applies the plan only when the committee approves', async () => {
    const proposal = await api.request<AmendmentView>('POST', `/api/tasks/${task.id}/amendments`, {
      token: headEcon,
      body: {
        reason: '征地延期',
        dueDate: '2021-11-30',
        milestoneDates: [{ milestoneId: task.milestones[0]?.id, plannedDate: '2021-10-31' }],
      },
    });
    expect(proposal.status).toBe(201);
    expect(proposal.body).toMatchObject({
      status: 'proposed',
      changes: { dueDate: { before: '2021-09-30', after: '2021-11-30' } },
    });
    const unchanged = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: headEcon });
    expect(unchanged.body.dueDate).toBe('2021-09-30');

    expect((await api.request('POST', `/api/amendments/${proposal.body.id}/approve`, { token: headEcon })).status).toBe(
      403,
    );
    const approved = await api.request<AmendmentView>('POST', `/api/amendments/${proposal.body.id}/approve`, {
      token: committee,
    });
    expect(approved.body.status).toBe('approved');
    const moved = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: headEcon });
    expect(moved.body).toMatchObject({ dueDate: '2021-11-30', baselineDueDate: '2021-09-30' });
    expect(moved.body.milestones[0]).toMatchObject({ plannedDate: '2021-10-31', baselinePlannedDate: '2021-08-31' });
    expect((await api.request('POST', `/api/amendments/${proposal.body.id}/reject`, { token: committee })).status).toBe(
      409,
    );
  });

  it('applies the committee’s own amendment at once, validating the new targets', async () => {
    const wrongWay = await api.request('POST', `/api/tasks/${task.id}/amendments`, {
      token: committee,
      body: { reason: '下调', indicatorTargets: [{ indicatorId: task.indicators[0]?.id, target: 5 }] },
    });
    expect(wrongWay.status).toBe(422);
    const raised = await api.request<AmendmentView>('POST', `/api/tasks/${task.id}/amendments`, {
      token: committee,
      body: { reason: '年中调高目标', indicatorTargets: [{ indicatorId: task.indicators[0]?.id, target: 30 }] },
    });
    expect(raised.body.status).toBe('approved');
    const after = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: committee });
    expect(after.body.indicators[0]).toMatchObject({ target: 30, baselineTarget: 25 });
  });

  it('needs a reason and a real change; staff and other departments may not amend', async () => {
    expect(
      (
        await api.request('POST', `/api/tasks/${task.id}/amendments`, {
          token: committee,
          body: { dueDate: '2021-12-31' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.request('POST', `/api/tasks/${task.id}/amendments`, {
          token: committee,
          body: { reason: 'x', dueDate: '2021-11-30' },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.request('POST', `/api/tasks/${task.id}/amendments`, {
          token: staffEcon,
          body: { reason: 'x', dueDate: '2021-12-31' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.request('POST', `/api/tasks/${task.id}/amendments`, {
          token: headParty,
          body: { reason: 'x', dueDate: '2021-12-31' },
        })
      ).status,
    ).toBe(404);
  });

  it('shows the plan drift of every moved task', async () => {
    const drift = await api.request<PlanDriftView[]>('GET', '/api/plan-drift', { token: committee });
    expect(drift.body).toEqual([
      expect.objectContaining({
        taskId: task.id,
        baselineDueDate: '2021-09-30',
        dueDate: '2021-11-30',
        dueDateDriftDays: 61,
        milestonesMoved: 1,
        targetsChanged: 1,
        amendments: 2,
      }),
    ]);
    const forParty = await api.request<PlanDriftView[]>('GET', '/api/plan-drift', { token: headParty });
    expect(forParty.body).toEqual([]);
    const list = await api.request<AmendmentView[]>('GET', `/api/tasks/${task.id}/amendments`, { token: headEcon });
    expect(list.body.map((a) => a.reason)).toEqual(['征地延期', '年中调高目标']);
  });
});
