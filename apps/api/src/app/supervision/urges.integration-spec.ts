import type { Page, TaskView, UrgeView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { ReminderService } from '../notifications';

interface NotificationBody {
  kind: string;
  taskId: string;
  payload: Record<string, unknown>;
}

const at = (local: string) => new Date(`${local}+08:00`);

describe('催办 urging: acknowledge, respond, escalation', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let admin: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let headParty: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(at('2026-09-24T10:00:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, admin, headEcon, staffEcon, headSci, headParty] = await Promise.all(
      ['committee', 'admin', 'head.econ', 'staff.econ', 'head.sci', 'head.party'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  async function task(title: string, { accept = true } = {}): Promise<TaskView> {
    clock.set(at('2026-09-24T10:00:00'));
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA3.1',
        title,
        leadDepartmentId: dept['econ'],
        coDepartmentIds: [dept['sci']],
        startDate: '2026-09-01',
        dueDate: '2026-12-31',
      },
    });
    expect(created.status).toBe(201);
    const assigned = await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee });
    expect(assigned.status).toBe(200);
    if (accept) expect((await post(`/api/tasks/${created.body.id}/accept`, headEcon)).status).toBe(200);
    return assigned.body;
  }

  const post = (path: string, token: string, body?: unknown) =>
    api.request<UrgeView & { errors?: { field: string; code: string }[] }>('POST', path, { token, body });
  const urge = async (taskId: string, respondBy: string, message = '请于期限前报送推进情况') => {
    const created = await post(`/api/tasks/${taskId}/urges`, committee, { message, respondBy });
    expect(created.status).toBe(201);
    return created.body;
  };
  const notificationsOf = async (token: string, taskId: string) =>
    (await api.request<Page<NotificationBody>>('GET', '/api/notifications?limit=500', { token })).body.items.filter(
      (n) => n.taskId === taskId,
    );
  const reminders = (instance: ApiInstance = api) => instance.app.get(ReminderService);
  const levelOf = async (id: string, token = committee) =>
    (await api.request<UrgeView>('GET', `/api/urges/${id}`, { token })).body.level;

  it('is issued by the committee to the lead department, 201 with Location, scoped like its task', async () => {
    const t = await task('招商引资项目落地');
    clock.set(at('2026-09-29T09:00:00'));
    const created = await post(`/api/tasks/${t.id}/urges`, committee, {
      message: '请说明项目落地进展',
      respondBy: '2026-10-09',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/urges/${created.body.id}`);
    expect(created.body).toMatchObject({
      taskId: t.id,
      taskTitle: '招商引资项目落地',
      departmentId: dept['econ'],
      status: 'open',
      level: 1,
      automatic: false,
      acknowledgedAt: null,
      response: null,
    });
    expect((await notificationsOf(staffEcon, t.id)).map((n) => [n.kind, n.payload['respondBy']])).toContainEqual([
      'urged',
      '2026-10-09',
    ]);
    // The co-owner sees the task, so the urge; an unrelated department does not.
    expect((await api.request('GET', `/api/urges/${created.body.id}`, { token: headSci })).status).toBe(200);
    expect((await api.request('GET', `/api/urges/${created.body.id}`, { token: headParty })).status).toBe(404);
    const ofTask = await api.request<Page<UrgeView>>('GET', `/api/tasks/${t.id}/urges`, { token: staffEcon });
    expect(ofTask.body.items.map((u) => u.id)).toEqual([created.body.id]);
  });

  it('refuses departments (403), bad bodies (400), past dates (422) and closed tasks (409)', async () => {
    const t = await task('园区配套建设');
    clock.set(at('2026-09-29T09:00:00'));
    expect((await post(`/api/tasks/${t.id}/urges`, headEcon, { message: '催', respondBy: '2026-10-09' })).status).toBe(
      403,
    );
    expect((await post(`/api/tasks/${t.id}/urges`, committee, { respondBy: '2026-10-09' })).status).toBe(400);
    expect((await post(`/api/tasks/${t.id}/urges`, committee, { message: '催', respondBy: '2026-13-01' })).status).toBe(
      400,
    );
    const past = await post(`/api/tasks/${t.id}/urges`, committee, { message: '催', respondBy: '2026-09-28' });
    expect(past.status).toBe(422);
    expect(past.body.errors?.[0]).toMatchObject({ field: 'respondBy', code: 'in_past' });
    await api.request('POST', `/api/tasks/${t.id}/cancel`, { token: committee, body: { reason: '合并' } });
    expect((await post(`/api/tasks/${t.id}/urges`, committee, { message: '催', respondBy: '2026-10-09' })).status).toBe(
      409,
    );
  });

  it('is acknowledged by the lead department (the first reader kept) and answered by its head only', async () => {
    const t = await task('企业上市培育');
    clock.set(at('2026-09-29T09:00:00'));
    const u = await urge(t.id, '2026-10-09');
    clock.set(at('2026-09-29T15:00:00'));
    expect((await post(`/api/urges/${u.id}/acknowledge`, headSci)).status).toBe(403);
    const read = await post(`/api/urges/${u.id}/acknowledge`, staffEcon);
    expect(read.status).toBe(200);
    expect(read.body.acknowledgedAt).toBe('2026-09-29T07:00:00.000Z');
    const users = await world.sql<{ id: string; username: string }>(`SELECT id, username FROM app_user`);
    const idOf = (name: string) => users.find((x) => x.username === name)?.id;
    expect(read.body.acknowledgedById).toBe(idOf('staff.econ'));
    const again = await post(`/api/urges/${u.id}/acknowledge`, headEcon);
    expect(again.status).toBe(200);
    expect(again.body.acknowledgedById).toBe(idOf('staff.econ'));

    expect((await post(`/api/urges/${u.id}/respond`, staffEcon, { response: '已推进' })).status).toBe(403);
    expect((await post(`/api/urges/${u.id}/respond`, headSci, { response: '已推进' })).status).toBe(403);
    expect((await post(`/api/urges/${u.id}/respond`, committee, { response: '已推进' })).status).toBe(403);
    expect((await post(`/api/urges/${u.id}/respond`, headEcon, {})).status).toBe(400);
    const answered = await post(`/api/urges/${u.id}/respond`, headEcon, { response: '已完成辅导备案，下月报送材料' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', response: '已完成辅导备案，下月报送材料' });
    expect((await post(`/api/urges/${u.id}/respond`, headEcon, { response: '再答' })).status).toBe(409);
    expect((await notificationsOf(committee, t.id)).map((n) => n.kind)).toContain('urge_answered');

    const history = await api.request<{ items: { action: string }[] }>('GET', `/api/tasks/${t.id}/history`, {
      token: headSci,
    });
    expect(history.body.items.map((e) => e.action)).toEqual([
      'task.create',
      'task.assign',
      'task.accept',
      'urge.create',
      'urge.acknowledge',
      'urge.respond',
    ]);
  });

  it('lists urges by status and department, scoped to the caller', async () => {
    const t = await task('高新技术企业认定');
    clock.set(at('2026-09-29T09:00:00'));
    const open = await urge(t.id, '2026-10-09', '未到期');
    clock.set(at('2026-09-29T09:01:00'));
    const late = await urge(t.id, '2026-09-29', '将逾期');
    clock.set(at('2026-09-29T09:02:00'));
    const answered = await urge(t.id, '2026-10-09', '已答复');
    await post(`/api/urges/${answered.id}/respond`, headEcon, { response: '已报送' });
    clock.set(at('2026-09-30T09:00:00'));
    const ids = async (query: string, token = committee) =>
      (await api.request<Page<UrgeView>>('GET', `/api/urges?limit=500&${query}`, { token })).body.items
        .map((u) => u.id)
        .filter((id) => [open.id, late.id, answered.id].includes(id));
    expect(await ids('status=open')).toEqual([open.id]);
    expect(await ids('status=overdue')).toEqual([late.id]);
    expect(await ids('status=answered')).toEqual([answered.id]);
    expect(await ids(`department=${dept['econ']}`)).toEqual([answered.id, late.id, open.id]);
    expect(await ids(`department=${dept['sci']}`)).toEqual([]);
    expect(await ids('', headSci)).toEqual([answered.id, late.id, open.id]);
    expect(await ids('', headParty)).toEqual([]);
    expect((await api.request('GET', '/api/urges?status=late', { token: committee })).status).toBe(400);
    expect((await api.request('GET', '/api/urges', { token: await signIn(api, 'secadmin') })).status).toBe(403);
  });

  it('escalates an unanswered urge once per level: the head and the committee, then the supervising leader', async () => {
    const leader = await world.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'committee'`);
    const notCommittee = await world.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'head.econ'`);
    const current = await api.request('GET', `/api/departments/${dept['econ']}`, { token: admin });
    const etag = current.headers.get('etag') ?? '';
    const refused = await api.request<{ errors: { code: string }[] }>('PATCH', `/api/departments/${dept['econ']}`, {
      token: admin,
      body: { supervisingLeaderId: notCommittee[0]?.id },
      headers: { 'if-match': etag },
    });
    expect(refused.status).toBe(422);
    const set = await api.request<{ supervisingLeaderId: string }>('PATCH', `/api/departments/${dept['econ']}`, {
      token: admin,
      body: { supervisingLeaderId: leader[0]?.id },
      headers: { 'if-match': etag },
    });
    expect(set.status).toBe(200);
    expect(set.body.supervisingLeaderId).toBe(leader[0]?.id);

    const t = await task('重点项目建设');
    clock.set(at('2026-09-29T09:00:00'));
    // Due Wednesday 30 September; 1–7 October are 国庆节: level 2 on 1 October, level 3 on Friday 9th.
    const u = await urge(t.id, '2026-09-30');
    const kinds = async (token: string) =>
      (await notificationsOf(token, t.id))
        .filter((n) => n.kind !== 'assigned')
        .map((n) => `${n.kind}${n.payload['level'] ? `@${String(n.payload['level'])}` : ''}`);

    clock.set(at('2026-09-30T23:00:00'));
    await reminders().runOnce();
    expect(await levelOf(u.id)).toBe(1);

    clock.set(at('2026-10-01T08:00:00'));
    await reminders().runOnce();
    expect(await levelOf(u.id)).toBe(2);
    expect(await kinds(headEcon)).toEqual(['urge_escalated@2', 'urged']);
    expect(await kinds(staffEcon)).toEqual(['urged']);
    expect(await kinds(committee)).toEqual(['urge_escalated@2']);
    await reminders().runOnce();
    clock.set(at('2026-10-08T18:00:00'));
    await reminders().runOnce();
    expect(await levelOf(u.id)).toBe(2);
    expect(await kinds(headEcon)).toEqual(['urge_escalated@2', 'urged']);

    // Two api processes run the job at the same moment: each level is still reached once.
    const second = await world.api({}, clock);
    try {
      clock.set(at('2026-10-09T08:00:00'));
      await Promise.all([reminders().runOnce(), reminders(second).runOnce()]);
    } finally {
      await second.close();
    }
    expect(await levelOf(u.id)).toBe(3);
    expect(await kinds(committee)).toEqual(['red_notice@3', 'urge_escalated@2']);
    const escalations = await world.sql<{ after: { level: number } }>(
      `SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'urge.escalate' ORDER BY seq`,
      [u.id],
    );
    expect(escalations.map((e) => e.after.level)).toEqual([2, 3]);
    // Level 3 also issues one red notice on the task, numbered like the committee's.
    const notices = await api.request<Page<{ colour: string; urgeId: string | null; issuedById: string | null }>>(
      'GET',
      `/api/supervision-notices?task=${t.id}`,
      { token: staffEcon },
    );
    expect(notices.body.items).toMatchObject([{ colour: 'red', urgeId: u.id, issuedById: null }]);
    const overdue = await api.request<UrgeView>('GET', `/api/urges/${u.id}`, { token: staffEcon });
    expect(overdue.body).toMatchObject({ status: 'overdue', level: 3 });
  });

  it('stops escalating once answered', async () => {
    const t = await task('营商环境评价');
    clock.set(at('2026-09-29T09:00:00'));
    const u = await urge(t.id, '2026-09-30');
    clock.set(at('2026-10-01T08:00:00'));
    await reminders().runOnce();
    await post(`/api/urges/${u.id}/respond`, headEcon, { response: '已整改' });
    clock.set(at('2026-10-20T08:00:00'));
    await reminders().runOnce();
    expect(await levelOf(u.id)).toBe(2);
    expect((await notificationsOf(committee, t.id)).map((n) => n.kind)).not.toContain('red_notice');
  });

  it('urges a task left unaccepted past ACCEPT_WORKING_DAYS automatically, once', async () => {
    const unaccepted = await task('未签收的任务', { accept: false });
    const accepted = await task('已签收的任务');
    const autoUrges = (taskId: string) =>
      api
        .request<Page<UrgeView>>('GET', `/api/tasks/${taskId}/urges`, { token: committee })
        .then((r) => r.body.items.filter((u) => u.automatic));
    // Assigned Thursday 24 September: to be accepted by Wednesday 30th (中秋节 in between).
    clock.set(at('2026-09-30T20:00:00'));
    await reminders().runOnce();
    expect(await autoUrges(unaccepted.id)).toEqual([]);

    clock.set(at('2026-10-08T09:00:00'));
    await reminders().runOnce();
    await reminders().runOnce();
    const urges = await autoUrges(unaccepted.id);
    expect(urges).toHaveLength(1);
    expect(urges[0]).toMatchObject({
      createdById: null,
      respondBy: '2026-10-09',
      level: 1,
      departmentId: dept['econ'],
    });
    expect(urges[0]?.message).toContain('尚未签收');
    expect(await autoUrges(accepted.id)).toEqual([]);
    expect((await notificationsOf(headEcon, unaccepted.id)).map((n) => n.kind)).toContain('urged');
    const event = await world.sql<{ actor_id: string | null }>(
      `SELECT actor_id FROM audit_event WHERE entity_id = $1 AND action = 'urge.create'`,
      [urges[0]?.id],
    );
    expect(event).toEqual([{ actor_id: null }]);
  });
});
