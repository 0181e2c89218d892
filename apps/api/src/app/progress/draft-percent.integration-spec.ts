import type { ContributionView, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

type Problem = { status: number; errors?: { field: string; code: string }[] };

// Issue #10: evidence from the first moment — a draft may be saved without its percent complete;
// the percent is required at submit (422, code `required`), as the summary already is.
describe('A draft without its percent complete', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let task: TaskView;
  const clock = new FixedClock(new Date('2021-03-20T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    let committee: string;
    [committee, headEcon, staffEcon, headSci] = await Promise.all(
      ['committee', 'head.econ', 'staff.econ', 'head.sci'].map((u) => signIn(api, u)),
    );
    const dept = await departmentIds(world);
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA2.2',
        title: '重大项目建设',
        leadDepartmentId: dept['econ'],
        coDepartmentIds: [dept['sci']],
        startDate: '2021-03-01',
        dueDate: '2021-12-31',
      },
    });
    task = (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  });
  afterAll(() => world.close());

  it('is saved, counts for nothing, and is refused at submit until it has one', async () => {
    const created = await api.request<ReportView>('POST', `/api/tasks/${task.id}/progress`, {
      token: staffEcon,
      body: { period: '2021-03', summary: '先上传佐证材料' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', percentComplete: null });
    const read = await api.request<ReportView>('GET', `/api/progress/${created.body.id}`, { token: staffEcon });
    expect(read.body.percentComplete).toBeNull();

    const refused = await api.request<Problem>('POST', `/api/progress/${created.body.id}/submit`, {
      token: headEcon,
      headers: { 'if-match': `"${created.body.version}"` },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'percentComplete', code: 'required' })]);
    // Nothing was submitted: the task's percent and status are as before.
    const unchanged = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: headEcon });
    expect(unchanged.body).toMatchObject({ status: 'assigned', percentComplete: 0 });

    const given = await api.request<ReportView>('PATCH', `/api/progress/${created.body.id}`, {
      token: staffEcon,
      body: { percentComplete: 15 },
      headers: { 'if-match': `"${created.body.version}"` },
    });
    expect(given.status).toBe(200);
    const submitted = await api.request<ReportView>('POST', `/api/progress/${created.body.id}/submit`, {
      token: headEcon,
      headers: { 'if-match': `"${given.body.version}"` },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.versions.map((v) => v.percentComplete)).toEqual([15]);
    const counted = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: headEcon });
    expect(counted.body.percentComplete).toBe(15);
  });

  it('holds for contributions too; a percent typed earlier can be cleared again while drafting', async () => {
    const created = await api.request<ContributionView>('POST', `/api/tasks/${task.id}/contributions`, {
      token: headSci,
      body: { period: '2021-03', percentComplete: 30, summary: '科技评审' },
    });
    expect(created.status).toBe(201);
    const cleared = await api.request<ContributionView>('PATCH', `/api/contributions/${created.body.id}`, {
      token: headSci,
      body: { percentComplete: null },
      headers: { 'if-match': `"${created.body.version}"` },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.percentComplete).toBeNull();
    const refused = await api.request<Problem>('POST', `/api/contributions/${created.body.id}/submit`, {
      token: headSci,
      headers: { 'if-match': `"${cleared.body.version}"` },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'percentComplete', code: 'required' })]);
  });
});
