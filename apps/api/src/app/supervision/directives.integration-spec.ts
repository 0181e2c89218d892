import type { DirectiveView, Page, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

interface Problem {
  errors?: { field: string; code: string }[];
}

const at = (local: string) => new Date(`${local}+08:00`);

describe('领导批示 directives: issued by the committee, answered by the lead department’s head', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let auditor: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let headParty: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(at('2026-09-24T10:00:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, auditor, headEcon, staffEcon, headSci, headParty] = await Promise.all(
      ['committee', 'auditor', 'head.econ', 'staff.econ', 'head.sci', 'head.party'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const post = <T = DirectiveView & Problem>(path: string, token: string, body?: unknown) =>
    api.request<T>('POST', path, { token, body });
  const get = <T = DirectiveView & Problem>(path: string, token: string) => api.request<T>('GET', path, { token });

  async function task(title: string): Promise<TaskView> {
    clock.set(at('2026-09-24T10:00:00'));
    const created = await post<TaskView>('/api/tasks', committee, {
      workItemCode: 'FA3.1',
      title,
      leadDepartmentId: dept['econ'],
      coDepartmentIds: [dept['sci']],
      startDate: '2026-09-01',
      dueDate: '2026-12-31',
    });
    expect(created.status).toBe(201);
    const assigned = await post<TaskView>(`/api/tasks/${created.body.id}/assign`, committee);
    expect(assigned.status).toBe(200);
    return assigned.body;
  }

  it('is written on a task: 201 with Location, the head is notified, and it is audited', async () => {
    const t = await task('重点项目建设批示');
    const created = await post(`/api/tasks/${t.id}/directives`, committee, {
      text: '请加快推进，月底前报告进展',
      respondBy: '2026-09-30',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/directives/${created.body.id}`);
    expect(created.body).toMatchObject({
      taskId: t.id,
      taskTitle: '重点项目建设批示',
      reportId: null,
      departmentId: dept['econ'],
      text: '请加快推进，月底前报告进展',
      respondBy: '2026-09-30',
      status: 'open',
      issuedByName: expect.any(String),
      response: null,
    });
    const headNotes = await get<Page<{ kind: string; taskId: string }>>('/api/notifications?limit=500', headEcon);
    expect(headNotes.body.items.filter((n) => n.taskId === t.id).map((n) => n.kind)).toContain('directive');
    const staffNotes = await get<Page<{ kind: string; taskId: string }>>('/api/notifications?limit=500', staffEcon);
    expect(staffNotes.body.items.filter((n) => n.taskId === t.id && n.kind === 'directive')).toEqual([]);
    const events = await world.sql<{ action: string; after: Record<string, unknown> }>(
      `SELECT action, after FROM audit_event WHERE entity_type = 'directive' AND entity_id = $1`,
      [created.body.id],
    );
    expect(events).toEqual([
      { action: 'directive.issue', after: expect.objectContaining({ taskId: t.id, respondBy: '2026-09-30' }) },
    ]);
  });

  it('is written on a report and names its period', async () => {
    const t = await task('报告批示');
    const report = await post<ReportView>(`/api/tasks/${t.id}/progress`, headEcon, {
      period: '2026-09',
      percentComplete: 30,
      summary: '推进中',
    });
    expect((await post(`/api/progress/${report.body.id}/submit`, headEcon)).status).toBe(200);
    const created = await post(`/api/progress/${report.body.id}/directives`, committee, {
      text: '进度偏慢，请说明原因',
      respondBy: '2026-09-28',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ taskId: t.id, reportId: report.body.id, reportPeriod: '2026-09' });
  });

  it('is answered once by the lead head: 200 with the record, the writer is notified, audited', async () => {
    const t = await task('批示答复');
    const d = (await post(`/api/tasks/${t.id}/directives`, committee, { text: '请落实', respondBy: '2026-09-30' }))
      .body;
    clock.set(at('2026-09-26T11:00:00'));
    const answered = await post(`/api/directives/${d.id}/respond`, headEcon, { response: '已按批示落实' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'answered',
      response: '已按批示落实',
      respondedByName: '经济发展局负责人',
    });
    expect(answered.headers.get('etag')).toBe(`"${answered.body.version}"`);
    expect((await post(`/api/directives/${d.id}/respond`, headEcon, { response: '再答' })).status).toBe(409);
    const notes = await get<Page<{ kind: string; taskId: string }>>('/api/notifications?limit=500', committee);
    expect(notes.body.items.filter((n) => n.taskId === t.id).map((n) => n.kind)).toContain('directive_answered');
    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_type = 'directive' AND entity_id = $1 ORDER BY seq`,
      [d.id],
    );
    expect(events.map((e) => e.action)).toEqual(['directive.issue', 'directive.respond']);
    const history = await get<Page<{ action: string }>>(`/api/tasks/${t.id}/history`, headSci);
    expect(history.body.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['directive.issue', 'directive.respond']),
    );
  });

  it('is refused to everyone but the committee (403), hidden from unrelated departments (404)', async () => {
    const t = await task('批示权限');
    const body = { text: '请落实', respondBy: '2026-09-30' };
    expect((await post(`/api/tasks/${t.id}/directives`, headEcon, body)).status).toBe(403);
    expect((await post(`/api/tasks/${t.id}/directives`, auditor, body)).status).toBe(403);
    expect((await post(`/api/tasks/${t.id}/directives`, headParty, body)).status).toBe(404);
    const d = (await post(`/api/tasks/${t.id}/directives`, committee, body)).body;
    // Staff, the co-owner's head and the committee may not answer; the unrelated do not see it.
    expect((await post(`/api/directives/${d.id}/respond`, staffEcon, { response: '答' })).status).toBe(403);
    expect((await post(`/api/directives/${d.id}/respond`, headSci, { response: '答' })).status).toBe(403);
    expect((await post(`/api/directives/${d.id}/respond`, committee, { response: '答' })).status).toBe(403);
    expect((await post(`/api/directives/${d.id}/respond`, auditor, { response: '答' })).status).toBe(403);
    expect((await post(`/api/directives/${d.id}/respond`, headParty, { response: '答' })).status).toBe(404);
    expect((await get(`/api/directives/${d.id}`, headParty)).status).toBe(404);
    expect((await get(`/api/directives/${d.id}`, auditor)).status).toBe(200);
    expect((await get(`/api/directives/${d.id}`, headSci)).status).toBe(200);
    const partyList = await get<Page<DirectiveView>>('/api/directives', headParty);
    expect(partyList.body.items.map((i) => i.id)).not.toContain(d.id);
    expect((await get(`/api/tasks/${t.id}/directives`, headParty)).status).toBe(404);
  });

  it('answers 400 for a bad body, 422 for a past date, 409 on a closed task', async () => {
    const t = await task('批示校验');
    const path = `/api/tasks/${t.id}/directives`;
    expect((await post(path, committee, { text: '', respondBy: '2026-09-30' })).status).toBe(400);
    expect((await post(path, committee, { text: '请落实', respondBy: '30/09/2026' })).status).toBe(400);
    expect((await post(path, committee, { text: '请落实', respondBy: '2026-09-30', extra: 1 })).status).toBe(400);
    const past = await post(path, committee, { text: '请落实', respondBy: '2026-09-23' });
    expect(past.status).toBe(422);
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'respondBy', code: 'in_past' })]);
    const d = (await post(path, committee, { text: '请落实', respondBy: '2026-09-30' })).body;
    expect((await post(`/api/directives/${d.id}/respond`, headEcon, { response: '' })).status).toBe(400);
    expect((await post(`/api/tasks/${t.id}/cancel`, committee, { reason: '撤销' })).status).toBe(200);
    expect((await post(path, committee, { text: '请落实', respondBy: '2026-09-30' })).status).toBe(409);
    expect((await post(`/api/directives/${d.id}/respond`, headEcon, { response: '答' })).status).toBe(409);
  });

  it('is overdue the day after respondBy (end of that day in Asia/Shanghai), and lists filter by status', async () => {
    const t = await task('批示逾期');
    const d = (await post(`/api/tasks/${t.id}/directives`, committee, { text: '请落实', respondBy: '2026-09-25' }))
      .body;
    clock.set(at('2026-09-25T23:59:00'));
    expect((await get(`/api/directives/${d.id}`, committee)).body.status).toBe('open');
    clock.set(at('2026-09-26T00:01:00'));
    expect((await get(`/api/directives/${d.id}`, committee)).body.status).toBe('overdue');
    const overdue = await get<Page<DirectiveView>>(
      `/api/directives?status=overdue&department=${dept['econ']}`,
      headEcon,
    );
    expect(overdue.body.items.map((i) => i.id)).toContain(d.id);
    const open = await get<Page<DirectiveView>>('/api/directives?status=open', headEcon);
    expect(open.body.items.map((i) => i.id)).not.toContain(d.id);
    expect((await get('/api/directives?status=pending', committee)).status).toBe(400);
    const paged = await get<Page<DirectiveView>>('/api/directives?limit=1', committee);
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextCursor).toEqual(expect.any(String));
    const next = await get<Page<DirectiveView>>(
      `/api/directives?limit=1&cursor=${encodeURIComponent(paged.body.nextCursor ?? '')}`,
      committee,
    );
    expect(next.body.items[0]?.id).not.toBe(paged.body.items[0]?.id);
  });
});
