import ExcelJS from 'exceljs';
import {
  type DashboardView,
  type LedgerTaskView,
  type LedgerView,
  type RankingView,
  type ReportView,
  type TaskView,
  rankingScore,
} from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { LEDGER_COLUMNS } from './ledger-table';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('Ledger (督办台账) and ranking (考核排名)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let auditor: string;
  let headEcon: string;
  let headParty: string;
  let headSci: string;
  let dept: Record<string, string>;
  let roads: TaskView;
  let injected: TaskView;
  let partyTask: TaskView;
  let quarterly: TaskView;
  const clock = new FixedClock(sh('2021-03-10T10:00:00'));

  async function assignedTask(body: Record<string, unknown>): Promise<TaskView> {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: { workItemCode: 'FA3.1', startDate: '2021-03-01', dueDate: '2021-12-31', ...body },
    });
    expect(created.status).toBe(201);
    return (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  }

  async function draft(taskId: string, token: string, period: string, percentComplete: number): Promise<string> {
    const created = await api.request<ReportView>('POST', `/api/tasks/${taskId}/progress`, {
      token,
      body: { period, percentComplete, summary: `${period} 进展` },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function submit(reportId: string, token: string): Promise<void> {
    expect((await api.request('POST', `/api/progress/${reportId}/submit`, { token })).status).toBe(200);
  }

  async function review(reportId: string, decision: 'approve' | 'return', score?: number, comment?: string) {
    const result = await api.request('POST', `/api/progress/${reportId}/review`, {
      token: committee,
      body: { decision, score, comment },
    });
    expect(result.status).toBe(200);
  }

  /** Raw bytes: a text decoder would drop the BOM the test wants to see. */
  async function download(
    path: string,
    token = committee,
  ): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  const ledger = (query: string, token = committee) =>
    api.request<LedgerView>('GET', `/api/ledger?${query}`, { token });
  const ranking = (query: string, token = committee) =>
    api.request<RankingView>('GET', `/api/ranking?${query}`, { token });
  const chainHead = async () =>
    (await world.sql<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1'))[0];

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, auditor, headEcon, headParty, headSci] = await Promise.all(
      ['committee', 'auditor', 'head.econ', 'head.party', 'head.sci'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);

    roads = await assignedTask({
      title: '园区道路建设',
      leadDepartmentId: dept['econ'],
      coDepartmentIds: [dept['sci']],
      milestones: [
        { title: '四月完成设计', plannedDate: '2021-04-15' },
        { title: '六月开工', plannedDate: '2021-06-30' },
      ],
    });
    // Titles a spreadsheet would run as formulas.
    injected = await assignedTask({
      title: '=HYPERLINK("http://example.com")',
      leadDepartmentId: dept['econ'],
      dueDate: '2021-04-20',
    });
    partyTask = await assignedTask({ title: '@党建引领', leadDepartmentId: dept['party'] });
    quarterly = await assignedTask({ title: '季度任务', leadDepartmentId: dept['sci'], reportingCycle: 'quarterly' });

    clock.set(sh('2021-03-25T10:00:00'));
    await submit(await draft(roads.id, headEcon, '2021-03', 10), headEcon);
    await submit(await draft(injected.id, headEcon, '2021-03', 40), headEcon);
    await submit(await draft(partyTask.id, headParty, '2021-03', 20), headParty);

    clock.set(sh('2021-04-14T10:00:00'));
    const done = await api.request<TaskView>('PATCH', `/api/tasks/${roads.id}`, {
      token: headEcon,
      body: { milestones: [{ id: roads.milestones[0]?.id, doneDate: '2021-04-14' }] },
      headers: {
        'if-match': `"${(await api.request<TaskView>('GET', `/api/tasks/${roads.id}`, { token: headEcon })).body.version}"`,
      },
    });
    expect(done.status).toBe(200);

    // April, roads: on time, returned once (score 60), resubmitted, approved with 85.
    clock.set(sh('2021-04-28T10:00:00'));
    const april = await draft(roads.id, headEcon, '2021-04', 30);
    await submit(april, headEcon);
    clock.set(sh('2021-04-29T10:00:00'));
    await review(april, 'return', 60, '+数据不全');
    clock.set(sh('2021-04-30T10:00:00'));
    expect((await api.request('POST', `/api/progress/${april}/revise`, { token: headEcon })).status).toBe(200);
    await submit(april, headEcon);
    clock.set(sh('2021-05-02T10:00:00'));
    await review(april, 'approve', 85);
    // April, the other econ task: three days late. Party: nothing.
    clock.set(sh('2021-05-08T10:00:00'));
    await submit(await draft(injected.id, headEcon, '2021-04', 50), headEcon);

    clock.set(sh('2021-05-10T10:00:00'));
  });
  afterAll(() => world.close());

  const taskIn = (view: LedgerView, code: string, taskId: string): LedgerTaskView | undefined =>
    view.departments.find((d) => d.code === code)?.tasks.find((t) => t.taskId === taskId);

  it('lists per department every task it leads or co-owns, with reports, reviews, overdue days and score', async () => {
    const result = await ledger('period=2021-04');
    expect(result.status).toBe(200);
    const view = result.body;
    expect(view).toMatchObject({
      period: '2021-04',
      deadline: sh('2021-05-06T00:00:00').toISOString(),
      closed: true,
      formulaVersion: 'ranking-v1',
      chainHead: await chainHead(),
    });
    expect(result.headers.get('x-audit-chain-seq')).toBe(String(view.chainHead?.seq));
    const byCode = Object.fromEntries(view.departments.map((d) => [d.code, d.tasks.map((t) => [t.title, t.role])]));
    expect(byCode).toMatchObject({
      // Lead tasks first, then by work item and title.
      econ: [
        ['=HYPERLINK("http://example.com")', 'lead'],
        ['园区道路建设', 'lead'],
      ],
      sci: [['园区道路建设', 'co']],
      party: [['@党建引领', 'lead']],
      build: [],
    });

    const onTime = taskIn(view, 'econ', roads.id);
    expect(onTime).toMatchObject({
      leadDepartment: { code: 'econ' },
      coDepartments: [{ code: 'sci' }],
      dueDate: '2021-12-31',
      period: '2021-04',
      compliance: 'on_time',
      milestones: { plannedByPeriodEnd: 1, doneByPeriodEnd: 1 },
      report: {
        firstSubmittedAt: sh('2021-04-28T10:00:00').toISOString(),
        lastSubmittedAt: sh('2021-04-30T10:00:00').toISOString(),
        daysLate: null,
        status: 'approved',
      },
      atClose: { source: 'snapshot', rag: 'green', overdue: false, overdueDays: 0, percentComplete: 30 },
      // 100 × (0.3·1 + 0.3·0.85 + 0.2·1 + 0.2·1)
      score: 95.5,
    });
    expect(onTime?.milestones.items).toHaveLength(2);
    expect(onTime?.report?.revisions).toEqual([
      expect.objectContaining({
        revision: 1,
        decision: 'return',
        score: 60,
        comment: '+数据不全',
        reviewerName: expect.any(String),
      }),
      expect.objectContaining({ revision: 2, decision: 'approve', score: 85, comment: null }),
    ]);
    // The co-owner's ledger shows the same task.
    expect(taskIn(view, 'sci', roads.id)).toMatchObject({ role: 'co', score: 95.5 });

    expect(taskIn(view, 'econ', injected.id)).toMatchObject({
      compliance: 'late',
      report: { daysLate: 3, revisions: [expect.objectContaining({ decision: null })] },
      // Due 20 April; at the close (6 May) 16 days overdue, and still at its March 40 %.
      atClose: { rag: 'red', overdue: true, overdueDays: 16, percentComplete: 40, expectedPercent: 100 },
      score: 11.43,
    });
    expect(taskIn(view, 'party', partyTask.id)).toMatchObject({
      compliance: 'missing',
      report: null,
      atClose: { rag: 'amber', reasons: ['last_period_missing'] },
      score: 57.14,
    });
    // Quarterly tasks report for the quarter: not in April's ledger.
    expect(view.departments.flatMap((d) => d.tasks).some((t) => t.taskId === quarterly.id)).toBe(false);
  });

  it('narrows to one department, and judges a period still open by the facts as they stand', async () => {
    const sci = (await ledger(`period=2021-04&department=${dept['sci']}`)).body;
    expect(sci.departments.map((d) => [d.code, d.tasks.map((t) => t.role)])).toEqual([['sci', ['co']]]);

    const may = (await ledger('period=2021-05')).body;
    expect(may.closed).toBe(false);
    expect(taskIn(may, 'econ', roads.id)).toMatchObject({
      compliance: 'not_due',
      atClose: { source: 'computed', at: sh('2021-05-10T10:00:00').toISOString(), rag: 'green' },
    });
  });

  it('exports CSV with a BOM, formula-safe cells and the audit chain head in every line', async () => {
    const head = await chainHead();
    const csv = await download('/api/ledger?period=2021-04&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('ledger-2021-04.csv');
    expect(csv.headers.get('x-audit-chain-hash')).toBe(head?.hash);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]?.startsWith('部门,职责,任务,')).toBe(true);
    expect(lines[0]?.endsWith(',审计链序号,审计链哈希')).toBe(true);
    // econ ×2, sci ×1 (co-owner), party ×1.
    expect(lines).toHaveLength(5);
    for (const line of lines.slice(1)) expect(line.endsWith(`,${head?.seq},${head?.hash}`)).toBe(true);
    const text = lines.join('\n');
    expect(text).toContain(`"'=HYPERLINK(""http://example.com"")"`);
    expect(text).toContain(",'@党建引领,");
    expect(text).not.toMatch(/,[=@+]/);
    expect(text).toContain('逾期报送（3 天）');
    expect(text).toContain('第1版 退回 60分 +数据不全；第2版 通过 85分');
  });

  it('exports an XLSX that exceljs reads back, with the same lines and the chain head', async () => {
    const head = await chainHead();
    const xlsx = await download('/api/ledger?period=2021-04&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('台账');
    expect(sheet?.rowCount).toBe(5);
    expect(sheet?.getRow(1).getCell(1).value).toBe('部门');
    const titles = [2, 3, 4, 5].map((n) => sheet?.getRow(n).getCell(3).value);
    expect(titles).toContain(`'=HYPERLINK("http://example.com")`);
    // The audit chain's columns are the last two.
    expect(sheet?.getRow(2).getCell(LEDGER_COLUMNS.length - 1).value).toBe(head?.seq);
    expect(sheet?.getRow(2).getCell(LEDGER_COLUMNS.length).value).toBe(head?.hash);
    const about = workbook.getWorksheet('说明');
    const values = about?.getSheetValues().flat() ?? [];
    expect(values).toContain(head?.hash);
    expect(values).toContain('ranking-v1');
  });

  it('exports a PDF', async () => {
    const pdf = await download(`/api/ledger?period=2021-04&department=${dept['econ']}&format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('ledger-2021-04-econ.pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('ranks departments by the formula, every score recomputable from the inputs returned', async () => {
    const result = await ranking('period=2021-04', auditor);
    expect(result.status).toBe(200);
    const view = result.body;
    expect(view.formula.version).toBe('ranking-v1');
    expect(view.chainHead).toEqual(await chainHead());
    const ranked = view.items.filter((i) => i.rank !== null);
    expect(ranked.map((i) => [i.code, i.rank, i.score])).toEqual([
      // econ: on time 1/2, review 85, overdue 1/2, progress (1 + 0.4) / 2
      ['econ', 1, 64.5],
      // party: on time 0/1, no review, not overdue, on schedule
      ['party', 2, 57.14],
    ]);
    expect(view.items.find((i) => i.code === 'econ')?.inputs).toEqual({
      tasks: 2,
      reportsDue: 2,
      reportsOnTime: 1,
      reviewsScored: 1,
      reviewScoreSum: 85,
      overdueTasks: 1,
      progressRatioSum: 1.4,
    });
    // Departments leading no task of the period come last, unranked.
    expect(view.items.find((i) => i.code === 'sci')).toMatchObject({ rank: null, score: null });
    expect(view.items.slice(ranked.length).every((i) => i.rank === null)).toBe(true);
    for (const item of view.items) {
      expect(item.formulaVersion).toBe(view.formula.version);
      expect(rankingScore(item.inputs, view.formula).score).toBe(item.score);
    }
  });

  it('covers quarterly reports in the last month of the quarter', async () => {
    clock.set(sh('2021-07-07T10:00:00'));
    const june = (await ledger('period=2021-06')).body;
    expect(taskIn(june, 'sci', quarterly.id)).toMatchObject({ period: '2021-Q2', compliance: 'missing' });
    clock.set(sh('2021-05-10T10:00:00'));
  });

  it('is for the committee and auditors only; validates its query', async () => {
    const [headToken, staffEcon, admin] = await Promise.all(
      ['head.econ', 'staff.econ', 'admin'].map((u) => signIn(api, u)),
    );
    for (const token of [headToken, staffEcon, admin, headSci]) {
      expect((await ledger('period=2021-04', token)).status).toBe(403);
      expect((await ranking('period=2021-04', token)).status).toBe(403);
    }
    expect((await ledger('period=2021-04', auditor)).status).toBe(200);
    expect((await api.request('GET', '/api/ledger?period=2021-04')).status).toBe(401);
    expect((await api.request('GET', '/api/ranking?period=2021-04')).status).toBe(401);

    for (const query of ['', 'period=2021-4', 'period=2021-Q2', 'period=2021-04&format=doc', 'period=2021-04&x=1']) {
      expect((await ledger(query)).status).toBe(400);
    }
    expect((await ranking('period=2021-13')).status).toBe(400);
    expect((await ledger('period=2021-04&department=not-a-uuid')).status).toBe(400);
    const unknown = await ledger('period=2021-04&department=00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(422);
    expect((await ledger('period=2021-06')).status).toBe(422);
    expect((await ranking('period=2021-06')).status).toBe(422);
  });

  it('filtered by lead department and compliance, lists exactly the tasks each dashboard number counts', async () => {
    // June (and the second quarter): roads on time, the quarterly task on time, injected late, party missing.
    clock.set(sh('2021-06-28T10:00:00'));
    await submit(await draft(roads.id, headEcon, '2021-06', 40), headEcon);
    await submit(await draft(quarterly.id, headSci, '2021-Q2', 30), headSci);
    clock.set(sh('2021-07-07T10:00:00'));
    await submit(await draft(injected.id, headEcon, '2021-06', 60), headEcon);
    try {
      const board = (await api.request<DashboardView>('GET', '/api/dashboard', { token: committee })).body;
      expect(board.lastClosedPeriod).toBe('2021-06');
      // The independent definition: open tasks, assigned before the deadline, by their first submission.
      const deadline = sh('2021-07-06T00:00:00');
      const expected = await world.sql<{ id: string; lead: string; compliance: string }>(
        `SELECT t.id, t.lead_department_id AS lead,
                CASE WHEN r.first_submitted_at IS NULL THEN 'missing'
                     WHEN r.first_submitted_at < $1 THEN 'on_time' ELSE 'late' END AS compliance
           FROM task t LEFT JOIN progress_report r ON r.task_id = t.id
                AND r.period = CASE t.reporting_cycle WHEN 'monthly' THEN '2021-06' ELSE '2021-Q2' END
          WHERE t.status IN ('assigned', 'in_progress') AND t.assigned_at < $1`,
        [deadline],
      );
      const states = [
        ['on_time', 'onTime'],
        ['late', 'late'],
        ['missing', 'missing'],
      ] as const;
      // Distinct tasks: without a lead department, a co-owned task is listed under each of its departments.
      const idsOf = (view: LedgerView) =>
        [...new Set(view.departments.flatMap((d) => d.tasks.map((t) => t.taskId)))].sort();
      let checked = 0;
      for (const [state, key] of states) {
        const all = (await ledger(`period=2021-06&compliance=${state}`)).body;
        expect(idsOf(all)).toHaveLength(board.totals.lastClosedCompliance[key]);
        for (const group of board.byDepartment) {
          const view = await ledger(`period=2021-06&leadDepartment=${group.departmentId}&compliance=${state}`);
          expect(view.status).toBe(200);
          expect(view.body.departments.map((d) => d.id)).toEqual([group.departmentId]);
          const ids = idsOf(view.body);
          expect(ids).toHaveLength(group.lastClosedCompliance[key]);
          expect(ids).toEqual(
            expected
              .filter((e) => e.lead === group.departmentId && e.compliance === state)
              .map((e) => e.id)
              .sort(),
          );
          checked += ids.length;
        }
      }
      // Every state occurs, and the co-owner (sci, of roads) does not get the lead's task.
      expect(checked).toBe(expected.length);
      expect(new Set(expected.map((e) => e.compliance))).toEqual(new Set(['on_time', 'late', 'missing']));
      const sciOnTime = idsOf((await ledger(`period=2021-06&leadDepartment=${dept['sci']}&compliance=on_time`)).body);
      expect(sciOnTime).toEqual([quarterly.id]);
      expect(idsOf((await ledger(`period=2021-06&department=${dept['sci']}&compliance=on_time`)).body)).toEqual(
        [roads.id, quarterly.id].sort(),
      );

      // Files carry the same rows.
      const csv = await download(
        `/api/ledger?period=2021-06&leadDepartment=${dept['econ']}&compliance=late&format=csv`,
      );
      expect(csv.status).toBe(200);
      const text = csv.bytes.toString('utf8');
      expect(text).toContain('HYPERLINK');
      expect(text).not.toContain('园区道路建设');

      for (const query of ['compliance=not_due', 'compliance=bogus', 'leadDepartment=not-a-uuid']) {
        const bad = await api.request<{ errors: { field: string }[] }>('GET', `/api/ledger?period=2021-06&${query}`, {
          token: committee,
        });
        expect(bad.status).toBe(400);
        expect(bad.body.errors[0]?.field).toBe(query.split('=')[0]);
      }
      const unknown = await ledger('period=2021-06&leadDepartment=00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(422);
    } finally {
      clock.set(sh('2021-05-10T10:00:00'));
    }
  });
});
