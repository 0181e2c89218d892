import type { CommentView, MentionableUserView, Page, ReportView, TaskView } from '@zibo/domain';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

interface Problem {
  errors?: { field: string; code: string }[];
}

describe('Comments with mentions on tasks and reports', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let auditor: string;
  let headEcon: string;
  let staffEcon: string;
  let staffSci: string;
  let headParty: string;
  let users: Record<string, string>;
  let task: TaskView;
  let draftReportId: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    [committee, auditor, headEcon, staffEcon, staffSci, headParty] = await Promise.all(
      ['committee', 'auditor', 'head.econ', 'staff.econ', 'staff.sci', 'head.party'].map((u) => signIn(api, u)),
    );
    const dept = await departmentIds(world);
    users = Object.fromEntries(
      (await world.sql<{ id: string; username: string }>('SELECT id, username FROM app_user')).map((u) => [
        u.username,
        u.id,
      ]),
    );
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA2.1',
        title: '科创平台建设',
        leadDepartmentId: dept['econ'],
        coDepartmentIds: [dept['sci']],
        dueDate: '2099-12-31',
      },
    });
    task = (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
    const period = new Date().toISOString().slice(0, 7);
    const report = await api.request<ReportView>('POST', `/api/tasks/${task.id}/progress`, {
      token: staffEcon,
      body: { period, percentComplete: 10, summary: '起草中' },
    });
    expect(report.status).toBe(201);
    draftReportId = report.body.id;
  });
  afterAll(() => world.close());

  const comment = (path: string, token: string, body: Record<string, unknown>) =>
    api.request<CommentView & Problem>('POST', path, { token, body });

  it('is posted on a task with mentions of users who see it (201 + Location), and tells them', async () => {
    const posted = await comment(`/api/tasks/${task.id}/comments`, headEcon, {
      text: '@科技创新局填报员 请提供配合材料',
      mentions: [users['staff.sci'], users['committee']],
    });
    expect(posted.status).toBe(201);
    expect(posted.headers.get('location')).toBe(`/api/comments/${posted.body.id}`);
    expect(posted.body).toMatchObject({
      taskId: task.id,
      reportId: null,
      text: '@科技创新局填报员 请提供配合材料',
      authorId: users['head.econ'],
    });
    expect(posted.body.mentions.map((m) => m.username)).toEqual(['staff.sci', 'committee']);
    const notified = await api.request<Page<{ kind: string; taskId: string; payload: { commentId?: string } }>>(
      'GET',
      '/api/notifications',
      { token: staffSci },
    );
    expect(notified.body.items.filter((n) => n.kind === 'mentioned').map((n) => n.payload.commentId)).toEqual([
      posted.body.id,
    ]);
    const read = await api.request<CommentView>('GET', `/api/comments/${posted.body.id}`, { token: auditor });
    expect(read.status).toBe(200);
  });

  it('refuses to mention users who cannot see the task (422 not_visible) or do not exist (422 unknown)', async () => {
    const hidden = await comment(`/api/tasks/${task.id}/comments`, headEcon, {
      text: '请党群工作部关注',
      mentions: [users['staff.sci'], users['head.party'], users['secadmin']],
    });
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors).toEqual([
      expect.objectContaining({ field: 'mentions.1', code: 'not_visible' }),
      expect.objectContaining({ field: 'mentions.2', code: 'not_visible' }),
    ]);
    const unknown = await comment(`/api/tasks/${task.id}/comments`, headEcon, {
      text: '请关注',
      mentions: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'mentions.0', code: 'unknown' })]);
    const twice = await comment(`/api/tasks/${task.id}/comments`, headEcon, {
      text: '请关注',
      mentions: [users['staff.sci'], users['staff.sci']],
    });
    expect(twice.status).toBe(400);
    expect((await comment(`/api/tasks/${task.id}/comments`, headEcon, { text: '  ' })).status).toBe(400);
    expect((await comment(`/api/tasks/${task.id}/comments`, headEcon, { text: 'x'.repeat(5001) })).status).toBe(400);
  });

  it('on a draft report, may mention only who sees the draft: not the co-owning department', async () => {
    const path = `/api/progress/${draftReportId}/comments`;
    const refused = await comment(path, headEcon, { text: '请补充', mentions: [users['staff.sci']] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'mentions.0', code: 'not_visible' })]);
    const posted = await comment(path, headEcon, { text: '请补充佐证材料', mentions: [users['staff.econ']] });
    expect(posted.status).toBe(201);
    expect(posted.body.reportId).toBe(draftReportId);
    const listed = await api.request<Page<CommentView>>('GET', path, { token: staffEcon });
    expect(listed.body.items.map((c) => c.text)).toEqual(['请补充佐证材料']);
    // The co-owner does not see the draft, nor its comments.
    expect((await api.request('GET', path, { token: staffSci })).status).toBe(404);
    expect((await api.request('GET', `/api/comments/${posted.body.id}`, { token: staffSci })).status).toBe(404);
    const mentionable = await api.request<MentionableUserView[]>(
      'GET',
      `/api/progress/${draftReportId}/mentionable-users`,
      {
        token: headEcon,
      },
    );
    expect(mentionable.body.map((u) => u.username)).not.toContain('staff.sci');
    expect(mentionable.body.map((u) => u.username)).toContain('staff.econ');
  });

  it('offers for autocomplete exactly the users who can see the task', async () => {
    const found = await api.request<MentionableUserView[]>('GET', `/api/tasks/${task.id}/mentionable-users?limit=50`, {
      token: headEcon,
    });
    expect(found.status).toBe(200);
    const names = found.body.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['committee', 'auditor', 'head.econ', 'staff.sci', 'admin']));
    expect(names).not.toContain('head.party');
    expect(names).not.toContain('secadmin');
    const narrowed = await api.request<MentionableUserView[]>('GET', `/api/tasks/${task.id}/mentionable-users?q=sci`, {
      token: headEcon,
    });
    expect(narrowed.body.map((u) => u.username).sort()).toEqual(['head.sci', 'staff.sci']);
  });

  it('is 404 to other departments, read-only to the auditor, and paged oldest first', async () => {
    const path = `/api/tasks/${task.id}/comments`;
    expect((await api.request('GET', path, { token: headParty })).status).toBe(404);
    expect((await comment(path, headParty, { text: '你好' })).status).toBe(404);
    expect((await comment(path, auditor, { text: '审计意见' })).status).toBe(403);
    expect((await api.request('GET', `${path}`, { token: auditor })).status).toBe(200);
    await comment(path, committee, { text: '第二条' });
    await comment(path, staffSci, { text: '第三条' });
    const first = await api.request<Page<CommentView>>('GET', `${path}?limit=2`, { token: staffSci });
    expect(first.body.items.map((c) => c.text)).toEqual(['@科技创新局填报员 请提供配合材料', '第二条']);
    const rest = await api.request<Page<CommentView>>('GET', `${path}?limit=2&cursor=${first.body.nextCursor}`, {
      token: staffSci,
    });
    expect(rest.body).toMatchObject({ items: [{ text: '第三条' }], nextCursor: null });
  });

  it('is audited and in the task history; a draft report’s comment only for its own department', async () => {
    const history = async (token: string) =>
      (
        await api.request<Page<{ action: string; after: { text?: string } | null }>>(
          'GET',
          `/api/tasks/${task.id}/history?limit=500`,
          { token },
        )
      ).body.items
        .filter((e) => e.action === 'comment.create')
        .map((e) => e.after?.text);
    expect(await history(headEcon)).toEqual(
      expect.arrayContaining(['@科技创新局填报员 请提供配合材料', '请补充佐证材料', '第二条', '第三条']),
    );
    const coOwner = await history(staffSci);
    expect(coOwner).toContain('第二条');
    expect(coOwner).not.toContain('请补充佐证材料');
  });
});
