import JSZip from 'jszip';
import type { BulletinListItemView, BulletinView, LedgerView, Page, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { pdfText } from '../../../test/pdf-text';

const sh = (local: string) => new Date(`${local}+08:00`);

/** The words of a Word document, paragraph by paragraph (runs joined, tags dropped). */
async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean)
    .join('\n');
}

describe('督查通报 bulletins', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let auditor: string;
  let headEcon: string;
  let headSci: string;
  let headParty: string;
  let staffParty: string;
  let secadmin: string;
  let dept: Record<string, string>;
  let roads: TaskView;
  let platform: TaskView;
  let investment: TaskView;
  let bulletin: BulletinView;
  const clock = new FixedClock(sh('2026-10-01T10:00:00'));

  async function assignedTask(body: Record<string, unknown>): Promise<TaskView> {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: { startDate: '2026-10-01', dueDate: '2026-12-31', ...body },
    });
    expect(created.status).toBe(201);
    return (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
  }

  async function download(path: string, token = committee) {
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  const get = (id: string, token: string) => api.request<BulletinView>('GET', `/api/bulletins/${id}`, { token });
  const list = (token: string) => api.request<Page<BulletinListItemView>>('GET', '/api/bulletins', { token });

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, auditor, headEcon, headSci, headParty, staffParty, secadmin] = await Promise.all(
      ['committee', 'auditor', 'head.econ', 'head.sci', 'head.party', 'staff.party', 'secadmin'].map((u) =>
        signIn(api, u),
      ),
    );
    dept = await departmentIds(world);
    // Overdue by the close of October, nothing reported: red, and its department's report missing.
    roads = await assignedTask({
      workItemCode: 'FA1.1',
      title: '园区道路建设',
      leadDepartmentId: dept['econ'],
      dueDate: '2026-10-20',
    });
    // Reported on time, approved with a score: the best compliance and a highlight.
    platform = await assignedTask({ workItemCode: 'FA2.1', title: '科创平台建设', leadDepartmentId: dept['sci'] });
    // Nothing reported.
    investment = await assignedTask({
      workItemCode: 'FA2.3',
      title: '招商引资签约',
      leadDepartmentId: dept['invest'],
      coDepartmentIds: [dept['econ']],
    });

    clock.set(sh('2026-10-22T10:00:00'));
    const draft = await api.request<ReportView>('POST', `/api/tasks/${platform.id}/progress`, {
      token: headSci,
      body: { period: '2026-10', percentComplete: 60, summary: '完成平台主体建设。下月开展验收。' },
    });
    expect(draft.status).toBe(201);
    expect((await api.request('POST', `/api/progress/${draft.body.id}/submit`, { token: headSci })).status).toBe(200);
    const reviewed = await api.request('POST', `/api/progress/${draft.body.id}/review`, {
      token: committee,
      body: { decision: 'approve', score: 92 },
    });
    expect(reviewed.status).toBe(200);
    const urged = await api.request('POST', `/api/tasks/${roads.id}/urges`, {
      token: committee,
      body: { message: '请加快推进', respondBy: '2026-10-26' },
    });
    expect(urged.status).toBe(201);
    const noticed = await api.request('POST', '/api/supervision-notices', {
      token: committee,
      body: { taskId: roads.id, colour: 'red', text: '挂牌督办', respondBy: '2026-10-30' },
    });
    expect(noticed.status).toBe(201);
    clock.set(sh('2026-11-20T10:00:00'));
  });
  afterAll(() => world.close());

  it('is drafted by the committee from the month’s figures, 201 with Location', async () => {
    const created = await api.request<BulletinView>('POST', '/api/bulletins', {
      token: committee,
      body: { period: '2026-10' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/bulletins/${created.body.id}`);
    bulletin = created.body;
    expect(bulletin).toMatchObject({ status: 'draft', number: null, title: '2026年10月重点工作督查通报', version: 1 });
    const c = bulletin.content;
    expect(c.closed).toBe(true);
    expect(c.totals).toMatchObject({ tasks: 3, overdue: 1 });
    expect(c.redItems.map((i) => [i.title, i.department.name])).toEqual([['园区道路建设', '经济发展局']]);
    expect(c.overdueItems.map((i) => i.taskId)).toEqual([roads.id]);
    expect(c.focusAreas.find((a) => a.code === 'FA2')).toMatchObject({ tasks: 2 });
    expect(c.bestCompliance.map((r) => r.department.code)).toEqual(['sci']);
    expect(c.worstCompliance.map((r) => r.department.code).sort()).toEqual(['econ', 'invest']);
    expect(c.urges).toHaveLength(1);
    expect(c.noticesByColour).toEqual({ blue: 0, yellow: 0, red: 1 });
    expect(c.highlights.map((h) => [h.taskId, h.quote, h.score])).toEqual([[platform.id, '完成平台主体建设。', 92]]);
    expect(c.ranking[0]).toMatchObject({ rank: 1, department: { code: 'sci' } });
  });

  it('counts exactly what the ledger of the month shows (one rule, not two)', async () => {
    const ledger = (await api.request<LedgerView>('GET', '/api/ledger?period=2026-10', { token: committee })).body;
    const led = ledger.departments.flatMap((d) => d.tasks.filter((t) => t.role === 'lead'));
    expect(bulletin.content.totals).toEqual({
      tasks: led.length,
      red: led.filter((t) => t.atClose.rag === 'red').length,
      amber: led.filter((t) => t.atClose.rag === 'amber').length,
      green: led.filter((t) => t.atClose.rag === 'green').length,
      overdue: led.filter((t) => t.atClose.overdue).length,
    });
    expect(investment.id).toBeDefined();
  });

  it('is one per month: a second draft of October is 422 `exists`', async () => {
    const again = await api.request<{ errors: { field: string; code: string }[] }>('POST', '/api/bulletins', {
      token: committee,
      body: { period: '2026-10' },
    });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'period', code: 'exists' })]);
    const future = await api.request('POST', '/api/bulletins', { token: committee, body: { period: '2027-01' } });
    expect(future.status).toBe(422);
    expect(
      (await api.request('POST', '/api/bulletins', { token: committee, body: { period: '2026-13' } })).status,
    ).toBe(400);
  });

  it('keeps drafts from everyone but the committee: 404 to departments and auditors, 403 to create', async () => {
    for (const token of [headEcon, headParty, staffParty, auditor, secadmin]) {
      expect((await get(bulletin.id, token)).status).toBe(404);
      expect((await download(`/api/bulletins/${bulletin.id}?format=pdf`, token)).status).toBe(404);
    }
    expect((await list(headParty)).body.items).toEqual([]);
    expect((await list(auditor)).body.items).toEqual([]);
    expect((await list(committee)).body.items.map((b) => b.id)).toEqual([bulletin.id]);
    expect((await list(secadmin)).status).toBe(403);
    for (const token of [headEcon, auditor]) {
      expect((await api.request('POST', '/api/bulletins', { token, body: { period: '2026-09' } })).status).toBe(403);
    }
  });

  it('takes the committee’s narrative by PATCH with If-Match (428 without, 412 stale), audited', async () => {
    const path = `/api/bulletins/${bulletin.id}`;
    const body = { narrative: '十月份，各单位认真落实管委会部署。\n部分任务进度滞后，需加大力度。' };
    expect((await api.request('PATCH', path, { token: committee, body })).status).toBe(428);
    expect((await api.request('PATCH', path, { token: committee, body, headers: { 'if-match': '"7"' } })).status).toBe(
      412,
    );
    const edited = await api.request<BulletinView>('PATCH', path, {
      token: committee,
      body,
      headers: { 'if-match': '"1"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.body).toMatchObject({ narrative: body.narrative, version: 2 });
    const refreshed = await api.request<BulletinView>('PATCH', path, {
      token: committee,
      body: { refresh: true },
      headers: { 'if-match': '"2"' },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.content.totals).toEqual(bulletin.content.totals);
    bulletin = refreshed.body;
    const bad = await api.request('PATCH', path, {
      token: committee,
      body: { narrative: 'x\u0007' },
      headers: { 'if-match': '"3"' },
    });
    expect(bad.status).toBe(400);
    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'bulletin.%' ORDER BY seq`,
      [bulletin.id],
    );
    expect(events.map((e) => e.action)).toEqual(['bulletin.draft', 'bulletin.update', 'bulletin.update']);
  });

  it('prints a draft with the 草稿 mark and no 文号', async () => {
    const pdf = await download(`/api/bulletins/${bulletin.id}?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(pdf.bytes);
    expect(text).toContain('草稿');
    expect(text).toContain('（草稿，未编号）');
  });

  it('is published with a 文号 numbered per year, and every department head is told', async () => {
    const published = await api.request<BulletinView>('POST', `/api/bulletins/${bulletin.id}/publish`, {
      token: committee,
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', year: 2026, serial: 1, number: '高新督通〔2026〕1号' });
    bulletin = published.body;
    const notices = await api.request<Page<{ kind: string; payload: { number?: string } }>>(
      'GET',
      '/api/notifications',
      { token: headParty },
    );
    expect(notices.body.items.filter((n) => n.kind === 'bulletin_published').map((n) => n.payload.number)).toEqual([
      '高新督通〔2026〕1号',
    ]);
    const staff = await api.request<Page<{ kind: string }>>('GET', '/api/notifications', { token: staffParty });
    expect(staff.body.items.some((n) => n.kind === 'bulletin_published')).toBe(false);
    const [event] = await world.sql<{ after: { number: string } }>(
      `SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'bulletin.publish'`,
      [bulletin.id],
    );
    expect(event?.after.number).toBe('高新督通〔2026〕1号');
  });

  it('once published, is read by every department (other departments’ red items included), the auditor too', async () => {
    for (const token of [headParty, staffParty, headEcon, auditor]) {
      const read = await get(bulletin.id, token);
      expect(read.status).toBe(200);
      expect(read.body.content.redItems.map((i) => i.title)).toEqual(['园区道路建设']);
      expect((await list(token)).body.items.map((b) => b.number)).toEqual(['高新督通〔2026〕1号']);
    }
    expect((await get(bulletin.id, secadmin)).status).toBe(404);
  });

  it('is not edited or published again once published (409), and departments and auditors change nothing (403)', async () => {
    const path = `/api/bulletins/${bulletin.id}`;
    const version = `"${bulletin.version}"`;
    expect(
      (await api.request('PATCH', path, { token: committee, body: { title: '改' }, headers: { 'if-match': version } }))
        .status,
    ).toBe(409);
    expect((await api.request('POST', `${path}/publish`, { token: committee })).status).toBe(409);
    for (const token of [headParty, auditor]) {
      expect(
        (await api.request('PATCH', path, { token, body: { title: '改' }, headers: { 'if-match': version } })).status,
      ).toBe(403);
      expect((await api.request('POST', `${path}/publish`, { token })).status).toBe(403);
    }
  });

  it('prints as an official bulletin in PDF: masthead, 文号, title, numbered sections and the figures', async () => {
    const pdf = await download(`/api/bulletins/${bulletin.id}?format=pdf`, headParty);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toContain('bulletin-2026-1.pdf');
    // Lines wrap where the page ends them: compare the words without the breaks.
    const text = pdfText(pdf.bytes).replace(/\s+/g, '');
    const t = bulletin.content.totals;
    for (const words of [
      '重点工作督查通报',
      '高新督通〔2026〕1号',
      '2026年10月重点工作督查通报',
      '一、总体情况',
      '二、各聚焦领域推进情况',
      '三、红灯及逾期事项',
      '四、进度报送情况',
      '五、考核排名',
      '六、催办督办情况',
      '七、工作亮点',
      `纳入督办台账的重点任务共${t.tasks}项，其中红灯${t.red}项、黄灯${t.amber}项、绿灯${t.green}项`,
      '十月份，各单位认真落实管委会部署。',
      '园区道路建设（牵头单位：经济发展局',
      '按时报送较好的单位：科技创新局（应报1项，按时1项',
      '本月共发出催办1次，督办单1份',
      '红色挂牌督办1份',
      '“完成平台主体建设。”',
      '淄博高新区管委会督查室',
      '2026年11月20日',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain('草稿');
  });

  it('prints the same words in Word (DOCX)', async () => {
    const docx = await download(`/api/bulletins/${bulletin.id}?format=docx`, headEcon);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const text = await docxText(docx.bytes);
    const t = bulletin.content.totals;
    for (const words of [
      '重点工作督查通报',
      '高新督通〔2026〕1号',
      '一、总体情况',
      '三、红灯及逾期事项',
      '五、考核排名',
      '七、工作亮点',
      `纳入督办台账的重点任务共${t.tasks}项，其中红灯${t.red}项`,
      '园区道路建设（牵头单位：经济发展局',
      '科创平台建设',
    ]) {
      expect(text).toContain(words);
    }
    // The official typefaces of GB/T 9704 for the body and the headings.
    const xml = (await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toContain('黑体');
  });

  it('records every download as a `bulletin.export` security event: who, which bulletin, which format', async () => {
    const before = await world.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'bulletin.export' AND entity_id = $1`,
      [bulletin.id],
    );
    expect((await download(`/api/bulletins/${bulletin.id}?format=docx`, headEcon)).status).toBe(200);
    expect((await download(`/api/bulletins/${bulletin.id}?format=pdf`, auditor)).status).toBe(200);
    const events = await world.sql<{ actor_id: string; entity_type: string; after: Record<string, unknown> }>(
      `SELECT actor_id, entity_type, after FROM audit_event
        WHERE action = 'bulletin.export' AND entity_id = $1 ORDER BY seq DESC LIMIT 2`,
      [bulletin.id],
    );
    const users = await world.sql<{ id: string; username: string }>(`SELECT id, username FROM app_user`);
    const name = (id: string) => users.find((u) => u.id === id)?.username;
    expect(events.map((e) => [name(e.actor_id), e.entity_type, e.after])).toEqual([
      [
        'auditor',
        'bulletin',
        {
          format: 'pdf',
          period: '2026-10',
          number: '高新督通〔2026〕1号',
          status: 'published',
          version: bulletin.version,
        },
      ],
      [
        'head.econ',
        'bulletin',
        {
          format: 'docx',
          period: '2026-10',
          number: '高新督通〔2026〕1号',
          status: 'published',
          version: bulletin.version,
        },
      ],
    ]);
    // A refused download records no export.
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await download(`/api/bulletins/${unknown}?format=pdf`, headEcon)).status).toBe(404);
    const after = await world.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'bulletin.export'`,
    );
    const total = await world.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'bulletin.export' AND entity_id = $1`,
      [bulletin.id],
    );
    expect(total[0]?.n).toBe((before[0]?.n ?? 0) + 2);
    expect(after[0]?.n).toBe(total[0]?.n);
  });

  it('numbers the next bulletin of the year after the first', async () => {
    const september = await api.request<BulletinView>('POST', '/api/bulletins', {
      token: committee,
      body: { period: '2026-09' },
    });
    expect(september.status).toBe(201);
    const published = await api.request<BulletinView>('POST', `/api/bulletins/${september.body.id}/publish`, {
      token: committee,
      headers: { 'if-match': '"1"' },
    });
    expect(published.body.number).toBe('高新督通〔2026〕2号');
    const page = await api.request<Page<BulletinListItemView>>('GET', '/api/bulletins?limit=1', { token: headParty });
    expect(page.body.items.map((b) => b.period)).toEqual(['2026-10']);
    const next = await api.request<Page<BulletinListItemView>>(
      'GET',
      `/api/bulletins?limit=1&cursor=${page.body.nextCursor}`,
      { token: headParty },
    );
    expect(next.body).toMatchObject({ items: [{ period: '2026-09', totals: { tasks: 0 } }], nextCursor: null });
  });
});
