import type { ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

// A minimal valid PDF (file-type recognises it by its %PDF- header).
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('Progress reports: draft → submit → return → revise → resubmit → approve', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let staffSci: string;
  let headParty: string;
  let dept: Record<string, string>;
  let task: TaskView;
  const clock = new FixedClock(new Date('2021-03-20T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, staffEcon, headSci, staffSci, headParty] = await Promise.all(
      ['committee', 'head.econ', 'staff.econ', 'head.sci', 'staff.sci', 'head.party'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA2.2',
        title: '重大项目建设',
        leadDepartmentId: dept['econ'],
        coDepartmentIds: [dept['sci']],
        startDate: '2021-03-01',
        dueDate: '2021-12-31',
        indicators: [{ name: '省市重大项目开工', unit: '个', baseline: 71, target: 80, direction: 'up' }],
      },
    });
    task = (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  });
  afterAll(() => world.close());

  const indicatorId = () => task.indicators[0]?.id;
  const draft = (body: Record<string, unknown>, token = staffEcon) =>
    api.request<ReportView & { errors?: { field: string; code: string }[] }>('POST', `/api/tasks/${task.id}/progress`, {
      token,
      body,
    });

  async function upload(reportId: string, token: string, content: Buffer, name: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), name);
    const response = await fetch(`${api.baseUrl}/api/progress/${reportId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return {
      status: response.status,
      body: (await response.json()) as { id: string; sha256: string; fileName: string },
    };
  }

  it('walks the whole review cycle, keeping every version and the author vs. the accountable head', async () => {
    // Staff types the March report for the department (代填).
    const created = await draft({
      period: '2021-03',
      percentComplete: 10,
      summary: '一季度集中开工项目 12 个',
      problems: '部分项目用地手续未办结',
      nextSteps: '4 月完成用地审批',
      indicatorActuals: [{ indicatorId: indicatorId(), value: 74 }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/progress/${created.body.id}`);
    const reportId = created.body.id;
    expect(created.body).toMatchObject({
      status: 'draft',
      revision: 0,
      compliance: 'not_due',
      deadline: '2021-04-05T16:00:00.000Z',
    });

    const file = await upload(reportId, staffEcon, PDF, '开工照片说明.pdf');
    expect(file.status).toBe(201);
    expect(file.body.fileName).toBe('开工照片说明.pdf');

    // Staff may not submit; the head does.
    expect((await api.request('POST', `/api/progress/${reportId}/submit`, { token: staffEcon })).status).toBe(403);
    const submitted = await api.request<ReportView>('POST', `/api/progress/${reportId}/submit`, { token: headEcon });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', revision: 1, compliance: 'on_time' });
    expect(submitted.body.authorId).not.toBe(submitted.body.submittedById);
    const afterSubmit = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: headEcon });
    expect(afterSubmit.body).toMatchObject({ status: 'in_progress', percentComplete: 10 });
    expect(afterSubmit.body.indicators[0]).toMatchObject({ actual: 74, actualPeriod: '2021-03' });

    // A submitted report is not editable.
    const locked = await api.request<{ allowed: string[] }>('PATCH', `/api/progress/${reportId}`, {
      token: headEcon,
      body: { summary: '改' },
      headers: { 'if-match': `"${submitted.body.version}"` },
    });
    expect(locked.status).toBe(409);
    expect(locked.body.allowed).toEqual(['approve', 'return']);

    // Return needs a comment.
    expect(
      (
        await api.request('POST', `/api/progress/${reportId}/review`, {
          token: committee,
          body: { decision: 'return' },
        })
      ).status,
    ).toBe(422);
    const returned = await api.request<ReportView>('POST', `/api/progress/${reportId}/review`, {
      token: committee,
      body: { decision: 'return', comment: '请补充开工项目清单' },
    });
    expect(returned.body).toMatchObject({ status: 'returned', returnCount: 1, reviewComment: '请补充开工项目清单' });

    const revised = await api.request<ReportView>('POST', `/api/progress/${reportId}/revise`, { token: staffEcon });
    expect(revised.body.status).toBe('draft');
    const edited = await api.request<ReportView>('PATCH', `/api/progress/${reportId}`, {
      token: staffEcon,
      body: { summary: '一季度集中开工项目 12 个，清单见附件', percentComplete: 12 },
      headers: { 'if-match': `"${revised.body.version}"` },
    });
    expect(edited.status).toBe(200);
    const resubmitted = await api.request<ReportView>('POST', `/api/progress/${reportId}/submit`, { token: headEcon });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', revision: 2 });

    const approved = await api.request<ReportView>('POST', `/api/progress/${reportId}/review`, {
      token: committee,
      body: { decision: 'approve', score: 92 },
    });
    expect(approved.body).toMatchObject({ status: 'approved', score: 92, revision: 2 });
    // Not final: the committee is not offered completion.
    const notCompletable = await api.request<TaskView>('GET', `/api/tasks/${task.id}`, { token: committee });
    expect(notCompletable.body.allowedActions).toEqual(['cancel']);
    // Both versions stay readable: the returned one with its comment.
    expect(approved.body.versions.map((v) => [v.revision, v.decision, v.summary])).toEqual([
      [1, 'return', '一季度集中开工项目 12 个'],
      [2, 'approve', '一季度集中开工项目 12 个，清单见附件'],
    ]);
    expect(approved.body.versions[0]?.reviewComment).toBe('请补充开工项目清单');
    // Approved reports are frozen.
    expect((await api.request('POST', `/api/progress/${reportId}/revise`, { token: staffEcon })).status).toBe(409);

    // The history of the task tells the whole story from the audit log.
    const events = await world.sql<{ action: string; sha256: string | null }>(
      `SELECT action, sha256 FROM audit_event WHERE entity_id = $1 OR (after->>'ownerId') = $1 ORDER BY seq`,
      [reportId],
    );
    expect(events.map((e) => e.action)).toEqual([
      'report.create',
      'attachment.upload',
      // The staff member's refused submission is a security event on the report.
      'access.denied',
      'report.submit',
      'report.return',
      'report.revise',
      'report.update',
      'report.submit',
      'report.approve',
    ]);
    expect(events[1]?.sha256).toBe(file.body.sha256);
  });

  it('keeps other departments out entirely, and lets the co-owner read but not report', async () => {
    const reports = await api.request<{ items: ReportView[] }>('GET', `/api/tasks/${task.id}/progress`, {
      token: committee,
    });
    const reportId = reports.body.items[0]?.id;
    const attachmentId = reports.body.items[0]?.attachments[0]?.id;
    for (const path of [
      `/api/tasks/${task.id}`,
      `/api/tasks/${task.id}/progress`,
      `/api/progress/${reportId}`,
      `/api/attachments/${attachmentId}`,
    ]) {
      expect((await api.request('GET', path, { token: headParty })).status).toBe(404);
    }
    expect((await api.request('GET', `/api/progress/${reportId}`, { token: headSci })).status).toBe(200);
    const download = await fetch(`${api.baseUrl}/api/attachments/${attachmentId}`, {
      headers: { authorization: `Bearer ${headSci}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect((await draft({ period: '2021-03', percentComplete: 5, summary: 'x' }, headSci)).status).toBe(403);
  });

  it('refuses periods outside the task’s span, a second report for a period, and bad indicator values (422)', async () => {
    const before = await draft({ period: '2021-02', percentComplete: 20, summary: '二月' });
    expect(before.body.errors?.[0]).toMatchObject({ field: 'period', code: 'before_start' });
    const future = await draft({ period: '2021-04', percentComplete: 20, summary: '四月' });
    expect(future.body.errors?.[0]).toMatchObject({ field: 'period', code: 'future' });
    const quarterly = await draft({ period: '2021-Q1', percentComplete: 20, summary: 'Q1' });
    expect(quarterly.body.errors?.[0]).toMatchObject({ field: 'period', code: 'cycle' });
    const duplicate = await draft({ period: '2021-03', percentComplete: 20, summary: '重复' });
    expect(duplicate.body.errors?.[0]).toMatchObject({ field: 'period', code: 'exists' });
    clock.set(new Date('2021-04-02T09:00:00+08:00'));
    const badValue = await draft({
      period: '2021-04',
      percentComplete: 20,
      summary: '四月',
      indicatorActuals: [{ indicatorId: indicatorId(), value: 7.5 }],
    });
    expect(badValue.status).toBe(422);
    expect(badValue.body.errors?.[0]?.field).toBe('indicatorActuals.0.value');
  });

  it('refuses a falling percent without a reason, accepts it with one', async () => {
    const lower = await draft({ period: '2021-04', percentComplete: 8, summary: '口径调整' });
    expect(lower.status).toBe(422);
    expect(lower.body.errors?.[0]?.field).toBe('percentDecreaseReason');
    const explained = await draft({
      period: '2021-04',
      percentComplete: 8,
      summary: '口径调整',
      percentDecreaseReason: '统计口径调整',
    });
    expect(explained.status).toBe(201);
  });

  it('checks attachments by content and size', async () => {
    const reports = await api.request<{ items: ReportView[] }>('GET', `/api/tasks/${task.id}/progress`, {
      token: headEcon,
    });
    const april = reports.body.items.find((r) => r.period === '2021-04') as ReportView;
    const fake = await upload(april.id, staffEcon, Buffer.from('MZ this is really an executable'), 'report.pdf');
    expect(fake.status).toBe(415);
    const huge = await upload(april.id, staffEcon, Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]), 'big.pdf');
    expect(huge.status).toBe(413);
    // Not on a submitted or approved report.
    const march = reports.body.items.find((r) => r.period === '2021-03') as ReportView;
    expect((await upload(march.id, staffEcon, PDF, 'late.pdf')).status).toBe(409);
  });

  it('lets co-owners contribute: staff drafts, head submits, the lead report lists it', async () => {
    const created = await api.request<{ id: string; version: number }>('POST', `/api/tasks/${task.id}/contributions`, {
      token: staffSci,
      body: { period: '2021-04', percentComplete: 30, summary: '科技创新局配合完成项目科技评审' },
    });
    expect(created.status).toBe(201);
    expect(
      (await api.request('POST', `/api/contributions/${created.body.id}/submit`, { token: staffSci })).status,
    ).toBe(403);
    // The lead department does not even see another department's draft (404, as if it did not exist).
    expect(
      (await api.request('POST', `/api/contributions/${created.body.id}/submit`, { token: headEcon })).status,
    ).toBe(404);
    expect((await api.request('POST', `/api/contributions/${created.body.id}/submit`, { token: headSci })).status).toBe(
      200,
    );
    const reports = await api.request<{ items: ReportView[] }>('GET', `/api/tasks/${task.id}/progress`, {
      token: headEcon,
    });
    const april = reports.body.items.find((r) => r.period === '2021-04');
    expect(april?.contributions.map((c) => c.summary)).toEqual(['科技创新局配合完成项目科技评审']);
    // The lead department cannot contribute to its own task.
    const lead = await api.request('POST', `/api/tasks/${task.id}/contributions`, {
      token: headEcon,
      body: { period: '2021-04', percentComplete: 30, summary: 'x' },
    });
    expect(lead.status).toBe(403);
  });

  it('lets exactly one of two concurrent submissions through', async () => {
    clock.set(new Date('2021-05-02T09:00:00+08:00'));
    const may = await draft({ period: '2021-05', percentComplete: 20, summary: '五月' });
    const results = await Promise.all(
      [1, 2].map(() => api.request('POST', `/api/progress/${may.body.id}/submit`, { token: headEcon })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const versions = await world.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM progress_report_version WHERE report_id = $1',
      [may.body.id],
    );
    expect(versions[0]?.n).toBe(1);
  });

  it('completes a task once its final report at 100 % is approved', async () => {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA6.2',
        title: '法治环境',
        leadDepartmentId: dept['econ'],
        startDate: '2021-05-01',
        dueDate: '2021-06-30',
      },
    });
    const assigned = await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee });
    const report = await api.request<ReportView>('POST', `/api/tasks/${assigned.body.id}/progress`, {
      token: headEcon,
      body: { period: '2021-05', percentComplete: 100, summary: '全部完成', final: true },
    });
    await api.request('POST', `/api/progress/${report.body.id}/submit`, { token: headEcon });
    await api.request('POST', `/api/progress/${report.body.id}/review`, {
      token: committee,
      body: { decision: 'approve' },
    });
    const approved = await api.request<TaskView>('GET', `/api/tasks/${assigned.body.id}`, { token: committee });
    // 办结销号: the committee signs off once the lead head has requested close-out.
    expect(approved.body.allowedActions).toEqual(['cancel']);
    await api.request('POST', `/api/tasks/${assigned.body.id}/close-request`, {
      token: headEcon,
      body: { summary: '全部完成，申请销号' },
    });
    const ready = await api.request<TaskView>('GET', `/api/tasks/${assigned.body.id}`, { token: committee });
    expect(ready.body.allowedActions).toEqual(['complete', 'cancel']);
    const done = await api.request<TaskView>('POST', `/api/tasks/${assigned.body.id}/complete`, { token: committee });
    expect(done.body).toMatchObject({ status: 'completed', rag: null, overdue: false, percentComplete: 100 });
  });
});
