import type { ReportView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

describe('Evidence files of drafts', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, new FixedClock(new Date('2021-03-20T10:00:00+08:00')));
    for (const name of ['committee', 'head.econ', 'staff.econ', 'head.sci', 'auditor'])
      tokens[name] = await signIn(api, name);
  });
  afterAll(() => world.close());

  const as = async <T>(who: string, method: string, path: string, body?: unknown, status = 200) => {
    const result = await api.request<T>(method, path, { token: tokens[who], body });
    if (result.status !== status) throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const upload = async (who: string, reportId: string, content: Buffer, name = '佐证.pdf') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), name);
    const response = await fetch(`${api.baseUrl}/api/progress/${reportId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who] ?? ''}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as { id: string; existingId?: string } };
  };
  const remove = (who: string, id: string) => api.request('DELETE', `/api/attachments/${id}`, { token: tokens[who] });

  async function draftReport(
    content: Record<string, unknown> = { percentComplete: 10, summary: '起步' },
  ): Promise<string> {
    const dept = await departmentIds(world);
    const task = await as<{ id: string }>(
      'committee',
      'POST',
      '/api/tasks',
      {
        workItemCode: 'FA1.3',
        title: '佐证材料测试',
        leadDepartmentId: dept['econ'],
        coDepartmentIds: [dept['sci']],
        startDate: '2021-03-01',
        dueDate: '2021-12-31',
      },
      201,
    );
    await as('committee', 'POST', `/api/tasks/${task.id}/assign`);
    const report = await as<ReportView>(
      'staff.econ',
      'POST',
      `/api/tasks/${task.id}/progress`,
      { period: '2021-03', ...content },
      201,
    );
    return report.id;
  }

  it('the same file twice on one report is 409; another file is welcome', async () => {
    const reportId = await draftReport();
    const first = await upload('staff.econ', reportId, pdf('a'));
    expect(first.status).toBe(201);
    const again = await upload('head.econ', reportId, pdf('a'), '另一个名字.pdf');
    expect(again.status).toBe(409);
    expect(again.body.existingId).toBe(first.body.id);
    expect((await upload('staff.econ', reportId, pdf('b'))).status).toBe(201);
  });

  it('its department removes a draft’s file (204, audited with the hash); others are refused or do not see it', async () => {
    const reportId = await draftReport();
    const file = await upload('staff.econ', reportId, pdf('c'));
    expect((await remove('committee', file.body.id)).status).toBe(403);
    expect((await remove('auditor', file.body.id)).status).toBe(403);
    // The co-owner does not see the lead's draft, nor its files.
    expect((await remove('head.sci', file.body.id)).status).toBe(404);
    const removed = await remove('staff.econ', file.body.id);
    expect(removed.status).toBe(204);
    expect((await api.request('GET', `/api/attachments/${file.body.id}`, { token: tokens['staff.econ'] })).status).toBe(
      404,
    );
    const events = await world.sql<{ sha256: string; before: { fileName: string } }>(
      `SELECT sha256, before FROM audit_event WHERE action = 'attachment.delete' AND entity_id = $1`,
      [file.body.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.before.fileName).toBe('佐证.pdf');
    expect(events[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Replaced: the same file may now be uploaded again.
    expect((await upload('staff.econ', reportId, pdf('c'))).status).toBe(201);
    expect((await remove('staff.econ', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('nothing is removed from a submitted report, and a revised draft keeps the files of its submitted revision', async () => {
    const reportId = await draftReport();
    const kept = await upload('staff.econ', reportId, pdf('d'));
    await as('head.econ', 'POST', `/api/progress/${reportId}/submit`);
    expect((await remove('staff.econ', kept.body.id)).status).toBe(409);
    await as('committee', 'POST', `/api/progress/${reportId}/review`, { decision: 'return', comment: '补充' });
    await as('staff.econ', 'POST', `/api/progress/${reportId}/revise`);
    expect((await remove('staff.econ', kept.body.id)).status).toBe(409);
    const added = await upload('staff.econ', reportId, pdf('e'));
    expect((await remove('head.econ', added.body.id)).status).toBe(204);
  });

  it('a draft is saved before its summary is written, so files go on first; submitting without one is 422', async () => {
    const reportId = await draftReport({ percentComplete: 20 });
    expect((await upload('staff.econ', reportId, pdf('f'))).status).toBe(201);
    const early = await api.request('POST', `/api/progress/${reportId}/submit`, { token: tokens['head.econ'] });
    expect(early.status).toBe(422);
    expect((early.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['summary']);
    const draft = await as<ReportView>('staff.econ', 'GET', `/api/progress/${reportId}`);
    expect(draft).toMatchObject({ status: 'draft', summary: '' });
    await api.request('PATCH', `/api/progress/${reportId}`, {
      token: tokens['staff.econ'],
      body: { summary: '完成方案编制' },
      headers: { 'if-match': `"${draft.version}"` },
    });
    expect((await as<ReportView>('head.econ', 'POST', `/api/progress/${reportId}/submit`)).status).toBe('submitted');
  });
});
