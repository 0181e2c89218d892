import type { InboxCountsView, InboxItemView, Page, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

const at = (local: string) => new Date(`${local}+08:00`);

describe('督查督办 in the to-do inbox: what waits on the head and on the committee', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(at('2026-09-24T10:00:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, staffEcon, headSci] = await Promise.all(
      ['committee', 'head.econ', 'staff.econ', 'head.sci'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const post = <T = TaskView>(path: string, token: string, body?: unknown) =>
    api.request<T>('POST', path, { token, body });
  const inbox = async (token: string, done = false) =>
    (await api.request<Page<InboxItemView>>('GET', `/api/inbox?limit=500${done ? '&done=true' : ''}`, { token })).body
      .items;
  const counts = async (token: string) =>
    (await api.request<InboxCountsView>('GET', '/api/inbox/counts', { token })).body;
  const ofTask = (items: InboxItemView[], taskId: string) =>
    items.filter((i) => i.taskId === taskId).map((i) => [i.kind, i.overdue]);

  async function task(title: string): Promise<TaskView> {
    const created = await post('/api/tasks', committee, {
      workItemCode: 'FA3.1',
      title,
      leadDepartmentId: dept['econ'],
      coDepartmentIds: [dept['sci']],
      startDate: '2026-09-01',
      dueDate: '2026-12-31',
    });
    return (await post(`/api/tasks/${created.body.id}/assign`, committee)).body;
  }

  it('gives the lead head the task to accept, then the urge, notice and directive to answer; overdue first', async () => {
    clock.set(at('2026-09-24T10:00:00'));
    const t = await task('待办签收与答复');
    expect(ofTask(await inbox(headEcon), t.id)).toContainEqual(['task_to_accept', false]);
    expect(ofTask(await inbox(staffEcon), t.id).map(([k]) => k)).not.toContain('task_to_accept');
    expect((await post(`/api/tasks/${t.id}/accept`, headEcon)).status).toBe(200);
    expect(ofTask(await inbox(headEcon), t.id).map(([k]) => k)).not.toContain('task_to_accept');
    await post(`/api/tasks/${t.id}/urges`, committee, { message: '催办', respondBy: '2026-09-25' });
    await post('/api/supervision-notices', committee, {
      taskId: t.id,
      colour: 'yellow',
      text: '督办',
      respondBy: '2026-10-10',
    });
    const directive = await post<{ id: string }>(`/api/tasks/${t.id}/directives`, committee, {
      text: '批示',
      respondBy: '2026-10-01',
    });
    clock.set(at('2026-09-26T09:00:00'));
    const items = (await inbox(headEcon)).filter((i) => i.taskId === t.id && i.kind !== 'report_owed');
    expect(items.map((i) => [i.kind, i.overdue])).toEqual([
      ['urge_to_answer', true],
      ['directive_to_answer', false],
      ['notice_to_answer', false],
    ]);
    expect(items[1]?.dueAt).toBe(at('2026-10-02T00:00:00').toISOString());
    const before = await counts(headEcon);
    expect(before.byKind.directive_to_answer).toBeGreaterThanOrEqual(1);
    expect((await post(`/api/directives/${directive.body.id}/respond`, headEcon, { response: '已落实' })).status).toBe(
      200,
    );
    expect((await counts(headEcon)).byKind.directive_to_answer).toBe(before.byKind.directive_to_answer - 1);
    const done = await inbox(headEcon, true);
    expect(done.find((i) => i.taskId === t.id && i.action === 'directive.respond')).toMatchObject({
      kind: 'directive_to_answer',
    });
    expect(done.find((i) => i.taskId === t.id && i.action === 'task.accept')).toMatchObject({
      kind: 'task_to_accept',
    });
    // The co-owning department's head has none of it: only its own contribution is owed.
    expect(ofTask(await inbox(headSci), t.id).map(([k]) => k)).toEqual(['contribution_owed']);
  });

  it('gives the committee the declined task and the close-out request to sign off', async () => {
    clock.set(at('2026-09-24T10:00:00'));
    const declined = await task('退办待处理');
    await post(`/api/tasks/${declined.id}/decline`, headEcon, { reason: '不属于本单位职能' });
    expect(ofTask(await inbox(committee), declined.id)).toEqual([['task_declined', false]]);
    await post(`/api/tasks/${declined.id}/insist`, committee, { comment: '维持交办' });
    expect(ofTask(await inbox(committee), declined.id)).toEqual([]);
    expect(ofTask(await inbox(headEcon), declined.id).map(([k]) => k)).toContain('task_to_accept');

    const finished = await task('办结待签批');
    await post(`/api/tasks/${finished.id}/accept`, headEcon);
    const report = await post<ReportView>(`/api/tasks/${finished.id}/progress`, headEcon, {
      period: '2026-09',
      percentComplete: 100,
      summary: '完成',
      final: true,
    });
    await post(`/api/progress/${report.body.id}/submit`, headEcon);
    await post(`/api/progress/${report.body.id}/review`, committee, { decision: 'approve' });
    await post(`/api/tasks/${finished.id}/close-request`, headEcon, { summary: '申请销号' });
    expect(ofTask(await inbox(committee), finished.id)).toEqual([['close_out_to_sign', false]]);
    expect((await counts(committee)).byKind.close_out_to_sign).toBeGreaterThanOrEqual(1);
    expect((await post(`/api/tasks/${finished.id}/complete`, committee)).status).toBe(200);
    expect(ofTask(await inbox(committee), finished.id)).toEqual([]);
    const done = await inbox(committee, true);
    expect(done.find((i) => i.taskId === finished.id && i.action === 'task.complete')).toMatchObject({
      kind: 'close_out_to_sign',
    });
  });
});
