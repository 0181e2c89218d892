import type { LedgerView, Page, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

interface Problem {
  errors?: { field: string; code: string }[];
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const at = (local: string) => new Date(`${local}+08:00`);

describe('办结销号 close-out: the lead head requests, the committee signs off or rejects', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let auditor: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let staffSci: string;
  let headParty: string;
  let dept: Record<string, string>;
  const clock = new FixedClock(at('2026-09-24T10:00:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, auditor, headEcon, staffEcon, headSci, staffSci, headParty] = await Promise.all(
      ['committee', 'auditor', 'head.econ', 'staff.econ', 'head.sci', 'staff.sci', 'head.party'].map((u) =>
        signIn(api, u),
      ),
    );
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const post = <T = TaskView & Problem>(path: string, token: string, body?: unknown) =>
    api.request<T>('POST', path, { token, body });
  const get = <T = TaskView & Problem>(path: string, token: string) => api.request<T>('GET', path, { token });

  async function task(title: string): Promise<TaskView> {
    const created = await post<TaskView>('/api/tasks', committee, {
      workItemCode: 'FA3.1',
      title,
      leadDepartmentId: dept['econ'],
      coDepartmentIds: [dept['sci']],
      startDate: '2026-09-01',
      dueDate: '2026-12-31',
      milestones: [{ title: '方案印发', plannedDate: '2026-10-31' }],
    });
    expect(created.status).toBe(201);
    const assigned = await post<TaskView>(`/api/tasks/${created.body.id}/assign`, committee);
    expect(assigned.status).toBe(200);
    return assigned.body;
  }

  async function report(taskId: string, body: Record<string, unknown>, decision: 'approve' | null = 'approve') {
    const created = await post<ReportView>(`/api/tasks/${taskId}/progress`, headEcon, {
      period: '2026-09',
      summary: '已完成',
      ...body,
    });
    expect(created.status).toBe(201);
    expect((await post(`/api/progress/${created.body.id}/submit`, headEcon)).status).toBe(200);
    if (decision) {
      expect((await post(`/api/progress/${created.body.id}/review`, committee, { decision })).status).toBe(200);
    }
    return created.body;
  }

  /** A task whose final report (100 %) the committee approved. */
  async function finished(title: string): Promise<TaskView> {
    const t = await task(title);
    await report(t.id, { percentComplete: 100, final: true });
    return t;
  }

  it('is requested by the lead head after the final report is approved: 200 with the task, audited', async () => {
    const t = await finished('办结申请');
    const requested = await post(`/api/tasks/${t.id}/close-request`, headEcon, { summary: '任务全部完成，申请销号' });
    expect(requested.status).toBe(200);
    expect(requested.body.closeOut).toMatchObject({
      state: 'requested',
      summary: '任务全部完成，申请销号',
      requestedByName: '经济发展局负责人',
      signedAt: null,
    });
    expect(requested.body.status).toBe('in_progress');
    expect(requested.headers.get('etag')).toBe(`"${requested.body.version}"`);
    const asCommittee = await get(`/api/tasks/${t.id}`, committee);
    expect(asCommittee.body.allowedActions).toContain('complete');
    expect(asCommittee.body.allowedCloseOutActions).toEqual(['reject', 'sign']);
    const notes = await get<Page<{ kind: string; taskId: string }>>('/api/notifications?limit=500', committee);
    expect(notes.body.items.filter((n) => n.taskId === t.id).map((n) => n.kind)).toContain('close_requested');
    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_type = 'task' AND entity_id = $1 ORDER BY seq`,
      [t.id],
    );
    expect(events.map((e) => e.action)).toContain('task.close_request');
    // Once open, a second request is a conflict.
    expect((await post(`/api/tasks/${t.id}/close-request`, headEcon, { summary: '再次申请' })).status).toBe(409);
  });

  it('is refused (422 no_final_report) before a final report at 100 % is approved', async () => {
    const t = await task('未有最终报告');
    const path = `/api/tasks/${t.id}/close-request`;
    const none = await post(path, headEcon, { summary: '申请销号' });
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([expect.objectContaining({ code: 'no_final_report' })]);
    await report(t.id, { percentComplete: 100, final: true }, null);
    expect((await post(path, headEcon, { summary: '申请销号' })).body.errors?.[0]?.code).toBe('no_final_report');
  });

  it('is the lead head’s only: others 403, unrelated departments 404, bad bodies 400', async () => {
    const t = await finished('办结权限');
    const path = `/api/tasks/${t.id}/close-request`;
    for (const token of [staffEcon, headSci, staffSci, committee, auditor]) {
      expect((await post(path, token, { summary: '申请' })).status).toBe(403);
    }
    expect((await post(path, headParty, { summary: '申请' })).status).toBe(404);
    expect((await post(path, headEcon, {})).status).toBe(400);
    expect((await post(path, headEcon, { summary: 'x'.repeat(5001) })).status).toBe(400);
    expect((await post(path, headEcon, { summary: '申请', extra: true })).status).toBe(400);
  });

  it('complete requires an open close-out request (422 no_close_request)', async () => {
    const t = await finished('无申请不办结');
    const refused = await post(`/api/tasks/${t.id}/complete`, committee);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'no_close_request' })]);
    expect((await get(`/api/tasks/${t.id}`, committee)).body.allowedActions).not.toContain('complete');
  });

  it('is rejected by the committee with a reason (200), notifying the head, who may ask again', async () => {
    const t = await finished('办结退回');
    expect((await post(`/api/tasks/${t.id}/close-request`, headEcon, { summary: '申请销号' })).status).toBe(200);
    const rejectPath = `/api/tasks/${t.id}/close-request/reject`;
    expect((await post(rejectPath, headEcon, { reason: '自己退回' })).status).toBe(403);
    expect((await post(rejectPath, auditor, { reason: '审计' })).status).toBe(403);
    expect((await post(rejectPath, headParty, { reason: '无关' })).status).toBe(404);
    expect((await post(rejectPath, committee, {})).status).toBe(400);
    const rejected = await post(rejectPath, committee, { reason: '佐证材料不足' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.closeOut).toMatchObject({ state: 'rejected', rejectReason: '佐证材料不足' });
    expect((await post(rejectPath, committee, { reason: '再退' })).status).toBe(409);
    expect((await post(`/api/tasks/${t.id}/complete`, committee)).body.errors?.[0]?.code).toBe('no_close_request');
    const notes = await get<Page<{ kind: string; taskId: string }>>('/api/notifications?limit=500', headEcon);
    expect(notes.body.items.filter((n) => n.taskId === t.id).map((n) => n.kind)).toContain('close_rejected');
    expect((await post(`/api/tasks/${t.id}/close-request`, headEcon, { summary: '补充材料后再次申请' })).status).toBe(
      200,
    );
    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_type = 'task' AND entity_id = $1 ORDER BY seq`,
      [t.id],
    );
    expect(events.map((e) => e.action).filter((a) => a.startsWith('task.close'))).toEqual([
      'task.close_request',
      'task.close_reject',
      'task.close_request',
    ]);
  });

  it('is signed off by complete; the ledger lists the close date and the signer', async () => {
    const t = await finished('办结销号台账');
    expect((await post(`/api/tasks/${t.id}/close-request`, headEcon, { summary: '全部完成' })).status).toBe(200);
    clock.set(at('2026-09-25T15:00:00'));
    const done = await post(`/api/tasks/${t.id}/complete`, committee);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      closeOut: { state: 'signed', signedByName: '管委会督查室' },
    });
    expect(done.body.allowedCloseOutActions).toEqual([]);
    const ledger = await get<LedgerView>('/api/ledger?period=2026-09', committee);
    const line = ledger.body.departments.find((d) => d.id === dept['econ'])?.tasks.find((x) => x.taskId === t.id);
    expect(line).toMatchObject({ status: 'completed', closeOut: { signedByName: '管委会督查室' } });
    expect(line?.closeOut?.signedAt).toBe(at('2026-09-25T15:00:00').toISOString());
    const csv = await fetch(`${api.baseUrl}/api/ledger?period=2026-09&format=csv`, {
      headers: { authorization: `Bearer ${committee}` },
    });
    const text = await csv.text();
    const header = text.split('\n')[0] ?? '';
    expect(header).toContain('领导批示');
    expect(header).toContain('办结销号');
    // The audit chain's columns stay last.
    expect(header.trim().endsWith('审计链序号,审计链哈希')).toBe(true);
    expect(text.split('\n').find((l) => l.includes('办结销号台账'))).toContain('2026-09-25 已销号 管委会督查室');
    clock.set(at('2026-09-24T10:00:00'));
  });

  it('leaves a completed task read-only: every write on it and its records is refused', async () => {
    const t = await task('办结后只读');
    const contribution = await post<{ id: string }>(`/api/tasks/${t.id}/contributions`, staffSci, {
      period: '2026-09',
      percentComplete: 50,
      summary: '配合推进',
    });
    expect(contribution.status).toBe(201);
    const urge = await post<{ id: string }>(`/api/tasks/${t.id}/urges`, committee, {
      message: '请加快',
      respondBy: '2026-09-30',
    });
    const notice = await post<{ id: string }>('/api/supervision-notices', committee, {
      taskId: t.id,
      colour: 'blue',
      text: '提示',
      respondBy: '2026-09-30',
    });
    const directive = await post<{ id: string }>(`/api/tasks/${t.id}/directives`, committee, {
      text: '批示',
      respondBy: '2026-09-30',
    });
    const final = await report(t.id, { percentComplete: 100, final: true });
    expect((await post(`/api/tasks/${t.id}/close-request`, headEcon, { summary: '全部完成' })).status).toBe(200);
    const done = await post(`/api/tasks/${t.id}/complete`, committee);
    expect(done.status).toBe(200);
    const milestoneId = done.body.milestones[0]?.id;
    const refused: [string, string, string, unknown][] = [
      ['PATCH', `/api/tasks/${t.id}`, committee, { title: '改标题' }],
      ['PATCH', `/api/tasks/${t.id}`, headEcon, { milestones: [{ id: milestoneId, doneDate: '2026-09-20' }] }],
      ['POST', `/api/tasks/${t.id}/assign`, committee, undefined],
      ['POST', `/api/tasks/${t.id}/complete`, committee, undefined],
      ['POST', `/api/tasks/${t.id}/cancel`, committee, { reason: '撤销' }],
      ['POST', `/api/tasks/${t.id}/amendments`, committee, { reason: '延期', dueDate: '2027-01-31' }],
      ['POST', `/api/tasks/${t.id}/amendments`, headEcon, { reason: '延期', dueDate: '2027-01-31' }],
      ['POST', `/api/tasks/${t.id}/progress`, headEcon, { period: '2026-09', percentComplete: 100, summary: '再报' }],
      ['POST', `/api/progress/${final.id}/revise`, headEcon, undefined],
      ['POST', `/api/tasks/${t.id}/contributions`, headSci, { period: '2026-09', percentComplete: 1, summary: '再报' }],
      ['PATCH', `/api/contributions/${contribution.body.id}`, staffSci, { summary: '改' }],
      ['POST', `/api/contributions/${contribution.body.id}/submit`, headSci, undefined],
      ['POST', `/api/tasks/${t.id}/accept`, headEcon, undefined],
      ['POST', `/api/tasks/${t.id}/decline`, headEcon, { reason: '不属于' }],
      ['POST', `/api/tasks/${t.id}/urges`, committee, { message: '催', respondBy: '2026-09-30' }],
      ['POST', `/api/urges/${urge.body.id}/respond`, headEcon, { response: '答' }],
      [
        'POST',
        '/api/supervision-notices',
        committee,
        { taskId: t.id, colour: 'red', text: '督', respondBy: '2026-09-30' },
      ],
      ['POST', `/api/supervision-notices/${notice.body.id}/respond`, headEcon, { response: '答' }],
      ['POST', `/api/tasks/${t.id}/directives`, committee, { text: '批示', respondBy: '2026-09-30' }],
      ['POST', `/api/progress/${final.id}/directives`, committee, { text: '批示', respondBy: '2026-09-30' }],
      ['POST', `/api/directives/${directive.body.id}/respond`, headEcon, { response: '答' }],
      ['POST', `/api/tasks/${t.id}/close-request`, headEcon, { summary: '再申请' }],
      ['POST', `/api/tasks/${t.id}/close-request/reject`, committee, { reason: '退回' }],
    ];
    const answers: string[] = [];
    for (const [method, path, token, body] of refused) {
      const version = (await get(`/api/tasks/${t.id}`, committee)).body.version;
      const headers: Record<string, string> = method === 'PATCH' ? { 'if-match': `"${version}"` } : {};
      if (method === 'PATCH' && path.startsWith('/api/contributions')) {
        const c = await get<{ version: number }>(path, staffSci);
        headers['if-match'] = `"${c.body.version}"`;
      }
      const answer = await api.request(method, path, { token, body, headers });
      answers.push(
        `${method} ${path.replace(t.id, ':task')} → ${answer.status >= 400 && answer.status < 500 ? 'refused' : answer.status}`,
      );
    }
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)]), 'evidence.pdf');
    const upload = await fetch(`${api.baseUrl}/api/contributions/${contribution.body.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffSci}` },
      body: form,
    });
    answers.push(`upload to a draft contribution → ${upload.status === 409 ? 'refused' : upload.status}`);
    expect(answers.filter((a) => !a.endsWith('refused'))).toEqual([]);
    const after = await get(`/api/tasks/${t.id}`, committee);
    expect(after.body).toMatchObject({ status: 'completed', title: '办结后只读', version: done.body.version });
  });
});
