import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { InboxCountsView, InboxItemView, Page, ReportView, ReviewQueueItemView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { csvRecords } from '../exports';

describe('Review queue: one-click decisions, CSV/XLSX export, and co-owners’ contributions owed', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let auditor: string;
  let admin: string;
  let headEcon: string;
  let staffEcon: string;
  let headSci: string;
  let staffSci: string;
  let dept: Record<string, string>;
  const reports: Record<string, string> = {};
  let coOwned: TaskView;
  // 20 March 2021: March is the current reporting period (due before 6 April), February the last closed.
  const clock = new FixedClock(new Date('2021-03-20T10:00:00+08:00'));

  const assigned = async (title: string, workItemCode: string, lead: string, co: string[] = []) => {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode,
        title,
        leadDepartmentId: lead,
        coDepartmentIds: co,
        startDate: '2021-02-01',
        dueDate: '2021-12-31',
      },
    });
    expect(created.status).toBe(201);
    return (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  };
  const submitted = async (task: TaskView, head: string, percentComplete: number) => {
    const draft = await api.request<ReportView>('POST', `/api/tasks/${task.id}/progress`, {
      token: head,
      body: { period: '2021-03', percentComplete, summary: '本月推进情况' },
    });
    expect(draft.status).toBe(201);
    expect((await api.request('POST', `/api/progress/${draft.body.id}/submit`, { token: head })).status).toBe(200);
    return draft.body.id;
  };

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, auditor, admin, headEcon, staffEcon, headSci, staffSci] = await Promise.all(
      ['committee', 'auditor', 'admin', 'head.econ', 'staff.econ', 'head.sci', 'staff.sci'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
    const formula = await assigned('=HYPERLINK("http://evil.example","点我")', 'FA2.2', dept['econ'] ?? '');
    const plain = await assigned('审核队列任务乙', 'FA2.2', dept['econ'] ?? '');
    const science = await assigned('审核队列任务丙', 'FA3.1', dept['sci'] ?? '');
    coOwned = await assigned('配合任务丁', 'FA2.2', dept['econ'] ?? '', [dept['sci'] ?? '']);
    reports['formula'] = await submitted(formula, headEcon, 20);
    reports['plain'] = await submitted(plain, headEcon, 30);
    reports['science'] = await submitted(science, headSci, 40);
  });
  afterAll(() => world.close());

  const queue = async (token: string, query = '') => {
    const result = await api.request<Page<ReviewQueueItemView>>('GET', `/api/review-queue?limit=500${query}`, {
      token,
    });
    expect(result.status).toBe(200);
    return result.body.items;
  };
  const download = async (path: string, token?: string) => {
    const response = await fetch(`${api.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, headers: response.headers, content: Buffer.from(await response.arrayBuffer()) };
  };
  const sheetRows = async (content: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  const csvRows = async (content: Buffer) => {
    const records: string[][] = [];
    for await (const record of csvRecords(Readable.from([content.subarray(3)]))) records.push(record);
    return records;
  };
  const inboxOf = async (token: string, query = '') =>
    (await api.request<Page<InboxItemView>>('GET', `/api/inbox?limit=500${query}`, { token })).body.items;

  describe('export', () => {
    it('as XLSX holds every report the filters match, in the queue’s order, with Chinese headers', async () => {
      const listed = await queue(committee, `&department=${dept['econ']}`);
      // The fixed clock submits both at one instant: the queue orders them by id then.
      expect(listed.map((i) => i.reportId).sort()).toEqual([reports['formula'], reports['plain']].sort());
      const file = await download(`/api/review-queue?department=${dept['econ']}&limit=1&format=xlsx`, committee);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('spreadsheetml');
      expect(file.headers.get('content-disposition')).toContain('review-queue.xlsx');
      const [header, ...rows] = await sheetRows(file.content);
      expect(header?.slice(0, 7)).toEqual([
        '工作事项编号',
        '工作事项',
        '任务名称',
        '牵头单位',
        '报告期',
        '版次',
        '完成进度（%）',
      ]);
      expect(rows.map((r) => r[14])).toEqual(listed.map((i) => i.reportId));
      const formula = rows.find((r) => r[14] === reports['formula']);
      expect(formula?.slice(2, 7)).toEqual([
        `'=HYPERLINK("http://evil.example","点我")`,
        '经济发展局',
        '2021-03',
        1,
        20,
      ]);
      // Times in business time, as the reader's clock shows them: the deadline is the end of 5 April.
      expect(formula?.[9]).toBe('2021-04-06 00:00:00');
      expect(formula?.[10]).toBe('否');
    });

    it('as CSV, with the same filters as the list (focus area, period, lateness)', async () => {
      for (const query of ['focusArea=FA3', 'period=2021-03&late=false', 'late=true', 'focusArea=FA2']) {
        const listed = await queue(committee, `&${query}`);
        const file = await download(`/api/review-queue?${query}&format=csv`, committee);
        expect(file.status).toBe(200);
        expect(file.content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
        const [header, ...rows] = await csvRows(file.content);
        expect(header?.[2]).toBe('任务名称');
        expect(rows.map((r) => r[14])).toEqual(listed.map((i) => i.reportId));
      }
    });

    it('is the committee’s and the auditor’s; departments and administrators get 403, strangers 401', async () => {
      expect((await download('/api/review-queue?format=xlsx', auditor)).status).toBe(200);
      for (const token of [headEcon, staffEcon, admin]) {
        expect((await download('/api/review-queue?format=csv', token)).status).toBe(403);
      }
      expect((await download('/api/review-queue?format=csv')).status).toBe(401);
      for (const bad of ['format=pdf', 'format=', 'format=csv&sort=x', 'format=csv&late=maybe']) {
        const answer = await api.request('GET', `/api/review-queue?${bad}`, { token: committee });
        expect(answer.status).toBe(400);
      }
    });
  });

  describe('one-click decisions from the queue', () => {
    it('approves with the version the queue showed; the report leaves the queue', async () => {
      const item = (await queue(committee)).find((i) => i.reportId === reports['plain']);
      expect(item).toBeDefined();
      const approved = await api.request<ReportView>('POST', `/api/progress/${item?.reportId}/review`, {
        token: committee,
        headers: { 'if-match': `"${item?.version}"` },
        body: { decision: 'approve' },
      });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      expect((await queue(committee)).map((i) => i.reportId)).not.toContain(reports['plain']);
      // Clicked twice (another tab, a slow network): the report is no longer in review.
      const again = await api.request('POST', `/api/progress/${item?.reportId}/review`, {
        token: committee,
        headers: { 'if-match': `"${approved.body.version}"` },
        body: { decision: 'approve' },
      });
      expect(again.status).toBe(409);
    });

    it('returns only with a reason, and refuses a stale row with 412', async () => {
      const item = (await queue(committee)).find((i) => i.reportId === reports['science']);
      const path = `/api/progress/${item?.reportId}/review`;
      const headers = { 'if-match': `"${item?.version}"` };
      const noReason = await api.request('POST', path, {
        token: committee,
        headers,
        body: { decision: 'return' },
      });
      expect(noReason.status).toBe(422);
      const stale = await api.request('POST', path, {
        token: committee,
        headers: { 'if-match': `"${(item?.version ?? 0) + 7}"` },
        body: { decision: 'return', comment: '请补充佐证材料' },
      });
      expect(stale.status).toBe(412);
      const returned = await api.request<ReportView>('POST', path, {
        token: committee,
        headers,
        body: { decision: 'return', comment: '请补充佐证材料' },
      });
      expect(returned.status).toBe(200);
      expect(returned.body.status).toBe('returned');
      expect((await queue(committee)).map((i) => i.reportId)).not.toContain(reports['science']);
    });

    it('is the committee’s alone: the auditor reads the queue but may not decide, departments 403 or 404', async () => {
      const item = (await queue(auditor)).find((i) => i.reportId === reports['formula']);
      expect(item).toBeDefined();
      const path = `/api/progress/${reports['formula']}/review`;
      const body = { decision: 'approve' };
      expect((await api.request('POST', path, { token: auditor, body })).status).toBe(403);
      expect((await api.request('POST', path, { token: admin, body })).status).toBe(403);
      // The lead department sees its report but never reviews it; another department does not see it.
      expect((await api.request('POST', path, { token: headEcon, body })).status).toBe(403);
      expect((await api.request('POST', path, { token: headSci, body })).status).toBe(404);
      expect((await queue(committee)).map((i) => i.reportId)).toContain(reports['formula']);
    });
  });

  describe('contributions owed by co-owning departments', () => {
    const owed = async (token: string, query = '') =>
      (await inboxOf(token, query)).filter((i) => i.kind === 'contribution_owed' && i.taskId === coOwned.id);

    it('tells the co-owning department’s head and staff that this period’s contribution is owed, with its deadline', async () => {
      for (const token of [headSci, staffSci]) {
        expect(await owed(token)).toEqual([
          expect.objectContaining({
            kind: 'contribution_owed',
            period: '2021-03',
            dueAt: '2021-04-05T16:00:00.000Z',
            overdue: false,
            taskTitle: '配合任务丁',
          }),
        ]);
      }
      // Not the lead department's, nor the committee's.
      expect(await owed(headEcon)).toEqual([]);
      expect(await owed(committee)).toEqual([]);
      const counts = await api.request<InboxCountsView>('GET', '/api/inbox/counts', { token: headSci });
      expect(counts.body.byKind.contribution_owed).toBe(1);
    });

    it('stays owed while it is a draft, and leaves the inbox for 已办 when the head submits it', async () => {
      const draft = await api.request<{ id: string }>('POST', `/api/tasks/${coOwned.id}/contributions`, {
        token: staffSci,
        body: { period: '2021-03', percentComplete: 10, summary: '配合提供数据' },
      });
      expect(draft.status).toBe(201);
      expect(await owed(headSci)).toHaveLength(1);
      expect((await api.request('POST', `/api/contributions/${draft.body.id}/submit`, { token: headSci })).status).toBe(
        200,
      );
      expect(await owed(headSci)).toEqual([]);
      expect(await owed(staffSci)).toEqual([]);
      const done = (await inboxOf(headSci, '&done=true')).filter((i) => i.taskId === coOwned.id);
      expect(done.map((i) => [i.kind, i.action, i.period])).toEqual([
        ['contribution_owed', 'contribution.submit', '2021-03'],
      ]);
    });

    it('marks a contribution overdue once the period’s deadline has passed', async () => {
      // 10 April: March is closed (its contribution was submitted), April is owed.
      clock.set(new Date('2021-04-10T10:00:00+08:00'));
      expect((await owed(headSci)).map((i) => [i.period, i.overdue])).toEqual([['2021-04', false]]);
      // 10 May: April closed without a contribution; May is owed.
      clock.set(new Date('2021-05-10T10:00:00+08:00'));
      const items = await owed(staffSci);
      expect(items.map((i) => [i.period, i.overdue])).toEqual([
        ['2021-04', true],
        ['2021-05', false],
      ]);
      const counts = await api.request<InboxCountsView>('GET', '/api/inbox/counts', { token: staffSci });
      expect(counts.body.overdue).toBeGreaterThanOrEqual(1);
    });
  });
});
