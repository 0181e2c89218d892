import type { TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

interface HistoryBody {
  items: { action: string; entityId: string | null; after: Record<string, unknown> | null }[];
}

describe('签收 receipt: accept, decline (退办) and insist', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let dept: Record<string, string>;
  // Thursday 24 September 2026; 中秋节 takes Friday 25th to Sunday 27th off.
  const clock = new FixedClock(new Date('2026-09-24T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, staffEcon, headSci] = await Promise.all(
      ['committee', 'head.econ', 'staff.econ', 'head.sci'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  async function assignedTask(title: string, { assign = true } = {}): Promise<TaskView> {
    clock.set(new Date('2026-09-24T10:00:00+08:00'));
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA2.2',
        title,
        leadDepartmentId: dept['econ'],
        coDepartmentIds: [dept['sci']],
        startDate: '2026-09-01',
        dueDate: '2026-12-31',
      },
    });
    expect(created.status).toBe(201);
    if (!assign) return created.body;
    const assigned = await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee });
    expect(assigned.status).toBe(200);
    return assigned.body;
  }

  const get = (id: string, token: string) => api.request<TaskView>('GET', `/api/tasks/${id}`, { token });
  const post = (path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    api.request<TaskView & { allowed?: string[] }>('POST', path, { token, body, headers });

  it('waits for the lead department’s head, due three working days after assignment (holidays skipped)', async () => {
    const task = await assignedTask('重点项目签收');
    const asHead = await get(task.id, headEcon);
    expect(asHead.body).toMatchObject({
      receiptState: 'pending',
      acceptedAt: null,
      declinedAt: null,
      // 25–27 September are 中秋节: Monday 28th, 29th, 30th.
      acceptBy: '2026-09-30',
      allowedReceiptActions: ['accept', 'decline'],
    });
    // Still a task that owes reports: receipt is not a status.
    expect(asHead.body.status).toBe('assigned');
    expect((await get(task.id, staffEcon)).body.allowedReceiptActions).toEqual([]);
    expect((await get(task.id, committee)).body.allowedReceiptActions).toEqual([]);
  });

  it('is accepted by the lead department’s head only, once, audited and in the history', async () => {
    const task = await assignedTask('签收一次');
    expect((await post(`/api/tasks/${task.id}/accept`, staffEcon)).status).toBe(403);
    expect((await post(`/api/tasks/${task.id}/accept`, headSci)).status).toBe(403);
    expect((await post(`/api/tasks/${task.id}/accept`, committee)).status).toBe(403);
    expect((await post(`/api/tasks/${task.id}/accept`, headEcon, {}, { 'if-match': '"1"' })).status).toBe(412);

    clock.set(new Date('2026-09-28T09:30:00+08:00'));
    const accepted = await post(`/api/tasks/${task.id}/accept`, headEcon);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      receiptState: 'accepted',
      acceptedAt: '2026-09-28T01:30:00.000Z',
      acceptBy: null,
      allowedReceiptActions: [],
    });
    expect(accepted.headers.get('etag')).toBe(`"${accepted.body.version}"`);
    const again = await post(`/api/tasks/${task.id}/accept`, headEcon);
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual([]);

    const history = await api.request<HistoryBody>('GET', `/api/tasks/${task.id}/history`, { token: staffEcon });
    expect(history.body.items.map((e) => e.action)).toEqual(['task.create', 'task.assign', 'task.accept']);
  });

  it('is declined with a reason, which goes to the committee; the committee insists; then only accepting is left', async () => {
    const task = await assignedTask('不属于本单位职责');
    const noReason = await post(`/api/tasks/${task.id}/decline`, headEcon, {});
    expect(noReason.status).toBe(400);

    const declined = await post(`/api/tasks/${task.id}/decline`, headEcon, { reason: '不属于本单位职能范围' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      receiptState: 'declined',
      declineReason: '不属于本单位职能范围',
      acceptedAt: null,
    });
    expect(declined.body.declinedAt).not.toBeNull();
    const notices = await api.request<{ items: { kind: string; taskId: string; payload: Record<string, unknown> }[] }>(
      'GET',
      '/api/notifications',
      { token: committee },
    );
    expect(notices.body.items.find((n) => n.kind === 'declined' && n.taskId === task.id)?.payload).toEqual({
      title: '不属于本单位职责',
      reason: '不属于本单位职能范围',
    });
    expect((await get(task.id, committee)).body.allowedReceiptActions).toEqual(['insist']);

    expect((await post(`/api/tasks/${task.id}/insist`, headEcon, { comment: '请签收' })).status).toBe(403);
    expect((await post(`/api/tasks/${task.id}/insist`, committee, {})).status).toBe(400);
    clock.set(new Date('2026-10-09T10:00:00+08:00'));
    const insisted = await post(`/api/tasks/${task.id}/insist`, committee, { comment: '该事项由经发局牵头' });
    expect(insisted.status).toBe(200);
    // A new window from Friday 9 October: Saturday 10th is a make-up working day (国庆节), then 12th, 13th.
    expect(insisted.body).toMatchObject({
      receiptState: 'pending',
      insistComment: '该事项由经发局牵头',
      acceptBy: '2026-10-13',
    });
    const head = await get(task.id, headEcon);
    expect(head.body.allowedReceiptActions).toEqual(['accept']);
    const declineAgain = await post(`/api/tasks/${task.id}/decline`, headEcon, { reason: '仍不同意' });
    expect(declineAgain.status).toBe(409);
    expect(declineAgain.body.allowed).toEqual(['accept']);
    expect((await post(`/api/tasks/${task.id}/accept`, headEcon)).status).toBe(200);

    const events = await world.sql<{ action: string; actor: string; after: Record<string, unknown> }>(
      `SELECT e.action, u.username AS actor, e.after FROM audit_event e JOIN app_user u ON u.id = e.actor_id
        WHERE e.entity_id = $1 AND e.action IN ('task.decline', 'task.insist', 'task.accept') ORDER BY e.seq`,
      [task.id],
    );
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['task.decline', 'head.econ'],
      ['task.insist', 'committee'],
      ['task.accept', 'head.econ'],
    ]);
    expect(events[0]?.after).toMatchObject({ reason: '不属于本单位职能范围' });
  });

  it('starts afresh for a new lead department after reassignment by amendment', async () => {
    const task = await assignedTask('改派牵头单位');
    await post(`/api/tasks/${task.id}/decline`, headEcon, { reason: '应由投资促进局牵头' });
    const amended = await api.request('POST', `/api/tasks/${task.id}/amendments`, {
      token: committee,
      body: { reason: '改由投资促进局牵头', leadDepartmentId: dept['invest'] },
    });
    expect(amended.status).toBe(201);
    const headInvest = await signIn(api, 'head.invest');
    const asInvest = await get(task.id, headInvest);
    expect(asInvest.body).toMatchObject({ receiptState: 'pending', declinedAt: null, declineReason: null });
    expect(asInvest.body.allowedReceiptActions).toEqual(['accept', 'decline']);
    // econ is no longer related to the task at all; the co-owner still may not accept.
    expect((await post(`/api/tasks/${task.id}/accept`, headEcon)).status).toBe(404);
    expect((await post(`/api/tasks/${task.id}/accept`, headSci)).status).toBe(403);
    expect((await post(`/api/tasks/${task.id}/accept`, headInvest)).status).toBe(200);
  });

  it('takes no receipt for a draft (404 to departments) or for a cancelled task (409)', async () => {
    const draft = await assignedTask('草稿任务', { assign: false });
    expect((await post(`/api/tasks/${draft.id}/accept`, headEcon)).status).toBe(404);
    expect((await post(`/api/tasks/${draft.id}/insist`, committee, { comment: '请签收' })).status).toBe(409);
    const task = await assignedTask('撤销的任务');
    await post(`/api/tasks/${task.id}/cancel`, committee, { reason: '合并' });
    expect((await post(`/api/tasks/${task.id}/accept`, headEcon)).status).toBe(409);
    expect((await post(`/api/tasks/not-a-uuid/accept`, headEcon)).status).toBe(404);
  });
});
