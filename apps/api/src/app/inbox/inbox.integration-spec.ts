import type { InboxCountsView, InboxItemView, Page, ReportView, ReviewQueueItemView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

interface NotificationItem {
  kind: string;
  reportId: string | null;
}

describe('To-do inbox and review queue', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let auditor: string;
  let admin: string;
  let secadmin: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let dept: Record<string, string>;
  let taskA: TaskView;
  let taskB: TaskView;
  let reportId = '';
  // 20 March 2021: March is the current reporting period (due before 6 April), February the last closed.
  const clock = new FixedClock(new Date('2021-03-20T10:00:00+08:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, auditor, admin, secadmin, headEcon, staffEcon, headSci] = await Promise.all(
      ['committee', 'auditor', 'admin', 'secadmin', 'head.econ', 'staff.econ', 'head.sci'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
    const assigned = async (title: string) => {
      const created = await api.request<TaskView>('POST', '/api/tasks', {
        token: committee,
        body: {
          workItemCode: 'FA2.2',
          title,
          leadDepartmentId: dept['econ'],
          startDate: '2021-02-01',
          dueDate: '2021-12-31',
        },
      });
      await api.request('POST', `/api/tasks/${created.body.id}/assign`, { token: committee });
      // 签收 out of the way: these specs are about reports (supervision-inbox.integration-spec.ts has the rest).
      return (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/accept`, { token: headEcon })).body;
    };
    taskA = await assigned('收件箱任务甲');
    taskB = await assigned('收件箱任务乙');
  });
  afterAll(() => world.close());

  const inbox = async (token: string, query = '') => {
    const result = await api.request<Page<InboxItemView>>('GET', `/api/inbox${query}`, { token });
    expect(result.status).toBe(200);
    return result.body;
  };
  const itemsOf = async (token: string, taskId: string, query = '') =>
    (await inbox(token, query)).items.filter((i) => i.taskId === taskId);
  const queue = async (token: string, query = '') => {
    const result = await api.request<Page<ReviewQueueItemView>>('GET', `/api/review-queue${query}`, { token });
    expect(result.status).toBe(200);
    return result.body;
  };
  const draftReadyNotifications = async (token: string) =>
    (await api.request<Page<NotificationItem>>('GET', '/api/notifications', { token })).body.items.filter(
      (n) => n.kind === 'draft_ready' && n.reportId === reportId,
    );

  it('tells the lead department what report it owes this period, with the deadline; nobody else', async () => {
    for (const token of [headEcon, staffEcon]) {
      expect(await itemsOf(token, taskA.id)).toEqual([
        expect.objectContaining({
          kind: 'report_owed',
          period: '2021-03',
          dueAt: '2021-04-05T16:00:00.000Z',
          overdue: false,
          reportId: null,
          taskTitle: '收件箱任务甲',
        }),
      ]);
    }
    // Assigned in March: February was never owed.
    expect((await itemsOf(headEcon, taskA.id)).some((i) => i.period === '2021-02')).toBe(false);
    expect(await itemsOf(headSci, taskA.id)).toEqual([]);
    expect(await itemsOf(committee, taskA.id)).toEqual([]);
    expect((await inbox(secadmin)).items).toEqual([]);
  });

  it('moves a draft staff hand over to the head, notifies the heads once, and audits it', async () => {
    const created = await api.request<ReportView>('POST', `/api/tasks/${taskA.id}/progress`, {
      token: staffEcon,
      body: { period: '2021-03', percentComplete: 30, summary: '完成申报材料' },
    });
    reportId = created.body.id;
    expect(await itemsOf(headEcon, taskA.id)).toEqual([expect.objectContaining({ kind: 'report_owed', reportId })]);

    expect((await api.request('POST', `/api/progress/${reportId}/ready`, { token: headEcon })).status).toBe(403);
    expect((await api.request('POST', `/api/progress/${reportId}/ready`, { token: headSci })).status).toBe(404);
    expect((await api.request('POST', `/api/progress/${reportId}/ready`, { token: committee })).status).toBe(403);
    expect(
      (await api.request('POST', `/api/progress/${reportId}/ready`, { token: staffEcon, body: { x: 1 } })).status,
    ).toBe(400);

    const ready = await api.request<ReportView>('POST', `/api/progress/${reportId}/ready`, { token: staffEcon });
    expect(ready.status).toBe(200);
    expect(ready.body.readyAt).toBe(clock.now().toISOString());
    expect(ready.headers.get('etag')).toBe(`"${ready.body.version}"`);

    expect(await itemsOf(headEcon, taskA.id)).toEqual([
      expect.objectContaining({ kind: 'draft_waiting_for_head', reportId, since: clock.now().toISOString() }),
    ]);
    // Handed over: staff have nothing left to do about it.
    expect(await itemsOf(staffEcon, taskA.id)).toEqual([]);
    expect(await draftReadyNotifications(headEcon)).toHaveLength(1);
    expect(await draftReadyNotifications(staffEcon)).toHaveLength(0);

    // Again: nothing changes, nobody is notified twice.
    const again = await api.request<ReportView>('POST', `/api/progress/${reportId}/ready`, { token: staffEcon });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(ready.body.version);
    expect(await draftReadyNotifications(headEcon)).toHaveLength(1);

    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 AND action = 'report.ready'`,
      [reportId],
    );
    expect(events).toHaveLength(1);

    const done = await itemsOf(staffEcon, taskA.id, '?done=true');
    expect(done.map((i) => [i.kind, i.action])).toEqual([['draft_waiting_for_head', 'report.ready']]);
  });

  it('puts the submitted report in the committee’s inbox and review queue; auditors read the queue', async () => {
    expect((await api.request('POST', `/api/progress/${reportId}/submit`, { token: headEcon })).status).toBe(200);
    expect(await itemsOf(headEcon, taskA.id)).toEqual([]);
    expect(await itemsOf(committee, taskA.id)).toEqual([
      expect.objectContaining({ kind: 'report_submitted_for_review', reportId, dueAt: null, overdue: false }),
    ]);
    const first = (await queue(committee)).items.find((i) => i.reportId === reportId);
    expect(first).toMatchObject({ revision: 1, resubmitted: false, changes: [], late: false, period: '2021-03' });
    expect((await queue(auditor)).items.map((i) => i.reportId)).toContain(reportId);
    for (const token of [headEcon, staffEcon, admin, secadmin]) {
      expect((await api.request('GET', '/api/review-queue', { token })).status).toBe(403);
    }
    expect((await api.request('GET', '/api/review-queue')).status).toBe(401);
    expect((await itemsOf(headEcon, taskA.id, '?done=true')).map((i) => i.action)).toEqual([
      'report.submit',
      'task.accept',
    ]);
  });

  it('sends a returned report back to the department’s inbox; a resubmission shows what changed', async () => {
    const returned = await api.request('POST', `/api/progress/${reportId}/review`, {
      token: committee,
      body: { decision: 'return', comment: '请补充数据' },
    });
    expect(returned.status).toBe(200);
    expect(await itemsOf(committee, taskA.id)).toEqual([]);
    expect((await itemsOf(committee, taskA.id, '?done=true')).map((i) => i.action)).toEqual(['report.return']);
    for (const token of [headEcon, staffEcon]) {
      expect(await itemsOf(token, taskA.id)).toEqual([expect.objectContaining({ kind: 'report_returned', reportId })]);
    }

    const revised = await api.request<ReportView>('POST', `/api/progress/${reportId}/revise`, { token: staffEcon });
    // Being revised, it stays a returned report to finish (and is not handed over yet).
    expect(await itemsOf(headEcon, taskA.id)).toEqual([expect.objectContaining({ kind: 'report_returned' })]);
    const edited = await api.request<ReportView>('PATCH', `/api/progress/${reportId}`, {
      token: staffEcon,
      headers: { 'if-match': `"${revised.body.version}"` },
      body: { percentComplete: 40, summary: '完成申报材料并补充数据' },
    });
    expect(edited.status).toBe(200);
    expect((await api.request('POST', `/api/progress/${reportId}/submit`, { token: headEcon })).status).toBe(200);

    const item = (await queue(committee)).items.find((i) => i.reportId === reportId);
    expect(item).toMatchObject({ revision: 2, resubmitted: true, returnCount: 1 });
    expect(item?.changes).toEqual([
      { field: 'percentComplete', before: 30, after: 40 },
      { field: 'summary', before: '完成申报材料', after: '完成申报材料并补充数据' },
    ]);
  });

  it('filters the review queue by focus area, lead department, period and lateness', async () => {
    const ids = async (query: string) => (await queue(committee, query)).items.map((i) => i.reportId);
    expect(await ids('?focusArea=FA2')).toContain(reportId);
    expect(await ids('?focusArea=FA3')).not.toContain(reportId);
    expect(await ids(`?department=${dept['econ']}`)).toContain(reportId);
    expect(await ids(`?department=${dept['sci']}`)).not.toContain(reportId);
    expect(await ids('?period=2021-03')).toContain(reportId);
    expect(await ids('?period=2021-02')).not.toContain(reportId);
    expect(await ids('?late=false')).toContain(reportId);
    expect(await ids('?late=true')).not.toContain(reportId);
    for (const bad of ['?late=maybe', '?period=2021-13', '?department=x', '?limit=501', '?cursor=%%%', '?sort=x']) {
      expect((await api.request('GET', `/api/review-queue${bad}`, { token: committee })).status).toBe(400);
    }
  });

  it('lists overdue work first once a deadline has passed, then by deadline, and pages that order', async () => {
    // 10 April: March closed without task B's report; April is now owed by both.
    clock.set(new Date('2021-04-10T10:00:00+08:00'));
    const all = (await inbox(headEcon, '?limit=500')).items;
    const mine = all.filter((i) => i.taskId === taskB.id);
    expect(mine.map((i) => [i.kind, i.period, i.overdue])).toEqual([
      ['report_overdue', '2021-03', true],
      ['report_owed', '2021-04', false],
    ]);
    const firstNotOverdue = all.findIndex((i) => !i.overdue);
    expect(all.slice(firstNotOverdue).some((i) => i.overdue)).toBe(false);
    const dues = all.slice(firstNotOverdue).map((i) => i.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());

    const paged: InboxItemView[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<InboxItemView> = await inbox(headEcon, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));

    const counts = await api.request<InboxCountsView>('GET', '/api/inbox/counts', { token: headEcon });
    expect(counts.status).toBe(200);
    expect(counts.body.total).toBe(all.length);
    expect(counts.body.overdue).toBe(all.filter((i) => i.overdue).length);
    expect(counts.body.byKind.report_overdue).toBe(all.filter((i) => i.kind === 'report_overdue').length);
  });

  it('refuses malformed list parameters with 400, and answers 401 without a token', async () => {
    for (const bad of ['?limit=0', '?limit=x', '?cursor=bm90LWEtY3Vyc29y', '?done=yes', '?other=1']) {
      expect((await api.request('GET', `/api/inbox${bad}`, { token: headEcon })).status).toBe(400);
    }
    expect((await api.request('GET', '/api/inbox/counts?x=1', { token: headEcon })).status).toBe(400);
    expect((await api.request('GET', '/api/inbox')).status).toBe(401);
    expect((await api.request('GET', '/api/inbox/counts')).status).toBe(401);
  });
});
