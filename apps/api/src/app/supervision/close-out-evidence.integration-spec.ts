import type { AttachmentView, HistoryEntryView, LedgerView, Page, ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
const at = (local: string) => new Date(`${local}+08:00`);

describe('办结销号 evidence: the head attaches acceptance files to the open close-out request', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const tokens: Record<string, string> = {};
  let dept: Record<string, string>;
  const clock = new FixedClock(at('2026-09-24T10:00:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    for (const name of ['committee', 'auditor', 'head.econ', 'staff.econ', 'head.sci', 'head.party'])
      tokens[name] = await signIn(api, name);
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const as = async <T = TaskView>(who: string, method: string, path: string, body?: unknown, status = 200) => {
    const result = await api.request<T>(method, path, { token: tokens[who], body });
    if (result.status !== status) throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };

  const upload = async (who: string, closeOutId: string, content: Buffer, name = '验收报告.pdf') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), name);
    const response = await fetch(`${api.baseUrl}/api/close-requests/${closeOutId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who] ?? ''}` },
      body: form,
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: (await response.json()) as AttachmentView & { existingId?: string },
    };
  };
  const download = async (who: string, id: string) => {
    const response = await fetch(`${api.baseUrl}/api/attachments/${id}`, {
      headers: { authorization: `Bearer ${tokens[who] ?? ''}` },
    });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const remove = (who: string, id: string) => api.request('DELETE', `/api/attachments/${id}`, { token: tokens[who] });
  const uploads = (ownerId: string) =>
    world.sql<{ entity_id: string; action: string; sha256: string; after: Record<string, unknown> | null }>(
      `SELECT entity_id, action, sha256, after FROM audit_event
        WHERE action LIKE 'attachment.%' AND (after->>'ownerId' = $1 OR before->>'ownerId' = $1) ORDER BY seq`,
      [ownerId],
    );

  /** A task of the economic department (the science department co-owns it) with an open close-out request. */
  async function requested(title: string): Promise<TaskView> {
    const task = await as(
      'committee',
      'POST',
      '/api/tasks',
      {
        workItemCode: 'FA3.1',
        title,
        leadDepartmentId: dept['econ'],
        coDepartmentIds: [dept['sci']],
        startDate: '2026-09-01',
        dueDate: '2026-12-31',
      },
      201,
    );
    await as('committee', 'POST', `/api/tasks/${task.id}/assign`);
    const report = await as<ReportView>(
      'head.econ',
      'POST',
      `/api/tasks/${task.id}/progress`,
      {
        period: '2026-09',
        percentComplete: 100,
        final: true,
        summary: '已完成',
      },
      201,
    );
    await as('head.econ', 'POST', `/api/progress/${report.id}/submit`);
    await as('committee', 'POST', `/api/progress/${report.id}/review`, { decision: 'approve' });
    return as('head.econ', 'POST', `/api/tasks/${task.id}/close-request`, { summary: '全部完成，申请销号' });
  }

  it('is attached by the lead head (201, Location), listed on the task, and read by the committee, co-owner and auditor', async () => {
    const task = await requested('佐证上传');
    const closeOutId = task.closeOut?.id ?? '';
    const file = await upload('head.econ', closeOutId, pdf('验收'), '../../验收\n报告.pdf');
    expect(file.status).toBe(201);
    expect(file.location).toBe(`/api/attachments/${file.body.id}`);
    // The name is cleaned like every evidence file: no path, no line break.
    expect(file.body.fileName).toBe('验收报告.pdf');
    const asCommittee = await as('committee', 'GET', `/api/tasks/${task.id}`);
    expect(asCommittee.closeOut?.attachments.map((a) => a.fileName)).toEqual(['验收报告.pdf']);
    expect(asCommittee.allowedCloseOutActions).toEqual(['reject', 'sign']);
    for (const who of ['committee', 'head.sci', 'auditor', 'staff.econ']) {
      const got = await download(who, file.body.id);
      expect([who, got.status]).toEqual([who, 200]);
      expect(got.bytes.equals(pdf('验收'))).toBe(true);
    }
    const history = await as<Page<HistoryEntryView>>('head.sci', 'GET', `/api/tasks/${task.id}/history?limit=200`);
    expect(history.items.some((e) => e.action === 'attachment.upload' && e.entityId === file.body.id)).toBe(true);
  });

  it('is the lead head’s only: staff, co-owner and committee 403, other departments and unknown requests 404', async () => {
    const task = await requested('佐证权限');
    const closeOutId = task.closeOut?.id ?? '';
    expect((await upload('staff.econ', closeOutId, pdf('x'))).status).toBe(403);
    expect((await upload('head.sci', closeOutId, pdf('x'))).status).toBe(403);
    expect((await upload('committee', closeOutId, pdf('x'))).status).toBe(403);
    expect((await upload('auditor', closeOutId, pdf('x'))).status).toBe(403);
    expect((await upload('head.party', closeOutId, pdf('x'))).status).toBe(404);
    expect((await upload('head.econ', '00000000-0000-4000-8000-000000000000', pdf('x'))).status).toBe(404);
    const file = await upload('head.econ', closeOutId, pdf('y'));
    expect((await download('head.party', file.body.id)).status).toBe(404);
    expect((await remove('head.party', file.body.id)).status).toBe(404);
    expect((await remove('committee', file.body.id)).status).toBe(403);
    // Refused uploads store nothing.
    expect((await uploads(closeOutId)).map((e) => e.entity_id)).toEqual([file.body.id]);
    const stored = await world.sql(`SELECT id FROM attachment WHERE close_out_request_id = $1`, [closeOutId]);
    expect(stored).toHaveLength(1);
  });

  it('takes the same file once (409 with the existing id) and refuses what is not a document (415)', async () => {
    const task = await requested('佐证重复');
    const closeOutId = task.closeOut?.id ?? '';
    const first = await upload('head.econ', closeOutId, pdf('同一'));
    const again = await upload('head.econ', closeOutId, pdf('同一'), '换个名字.pdf');
    expect(again.status).toBe(409);
    expect(again.body.existingId).toBe(first.body.id);
    expect((await upload('head.econ', closeOutId, Buffer.from('#!/bin/sh\necho hi\n'), 'a.pdf')).status).toBe(415);
    expect((await as('head.econ', 'GET', `/api/tasks/${task.id}`)).closeOut?.attachments).toHaveLength(1);
  });

  it('is audited with its hash in the same transaction as the file, and removable while the request waits', async () => {
    const task = await requested('佐证审计');
    const closeOutId = task.closeOut?.id ?? '';
    const file = await upload('head.econ', closeOutId, pdf('审计'));
    const [event] = await uploads(closeOutId);
    expect(event).toMatchObject({
      entity_id: file.body.id,
      action: 'attachment.upload',
      sha256: file.body.sha256,
      after: { taskId: task.id, ownerType: 'close_out_request', fileName: '验收报告.pdf' },
    });
    // Event and file are one transaction: each row has its event and no event lacks its row.
    const orphans = await world.sql(
      `SELECT a.id FROM attachment a WHERE a.close_out_request_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.entity_id = a.id::text AND e.action = 'attachment.upload')`,
    );
    expect(orphans).toEqual([]);
    expect((await remove('head.econ', file.body.id)).status).toBe(204);
    expect((await uploads(closeOutId)).map((e) => e.action)).toEqual(['attachment.upload', 'attachment.delete']);
    expect((await as('committee', 'GET', `/api/tasks/${task.id}`)).closeOut?.attachments).toEqual([]);
  });

  it('is read-only once rejected, and the rejected request’s files stay readable after a new request', async () => {
    const task = await requested('佐证退回');
    const first = task.closeOut?.id ?? '';
    const kept = await upload('head.econ', first, pdf('第一次'));
    await as('committee', 'POST', `/api/tasks/${task.id}/close-request/reject`, { reason: '佐证不足' });
    expect((await upload('head.econ', first, pdf('补充'))).status).toBe(409);
    expect((await remove('head.econ', kept.body.id)).status).toBe(409);
    // Asked again later (with a fixed clock, two requests of one instant would tie as the latest).
    clock.set(at('2026-09-24T16:00:00'));
    const again = await as('head.econ', 'POST', `/api/tasks/${task.id}/close-request`, { summary: '补充后再次申请' });
    expect(again.closeOut?.attachments).toEqual([]);
    expect((await upload('head.econ', again.closeOut?.id ?? '', pdf('第一次'))).status).toBe(201);
    // The first request's file is still on the record, in the task's history and by its link.
    expect((await download('committee', kept.body.id)).status).toBe(200);
    const history = await as<Page<HistoryEntryView>>('committee', 'GET', `/api/tasks/${task.id}/history?limit=200`);
    expect(history.items.filter((e) => e.action === 'attachment.upload').map((e) => e.entityId)).toContain(
      kept.body.id,
    );
  });

  it('is read-only once signed off: the completed task keeps its evidence', async () => {
    const task = await requested('佐证销号');
    const closeOutId = task.closeOut?.id ?? '';
    const file = await upload('head.econ', closeOutId, pdf('销号'));
    clock.set(at('2026-09-25T15:00:00'));
    const completed = await as('committee', 'POST', `/api/tasks/${task.id}/complete`);
    expect(completed.closeOut).toMatchObject({ state: 'signed', attachments: [{ id: file.body.id }] });
    expect((await upload('head.econ', closeOutId, pdf('迟到'))).status).toBe(409);
    expect((await remove('head.econ', file.body.id)).status).toBe(409);
    expect((await download('auditor', file.body.id)).status).toBe(200);
    // The ledger's close-out names the evidence, in the JSON and in the exported files.
    const ledger = await as<LedgerView>('committee', 'GET', '/api/ledger?period=2026-09');
    const line = ledger.departments.find((d) => d.id === dept['econ'])?.tasks.find((x) => x.taskId === task.id);
    expect(line?.closeOut?.evidence).toEqual(['验收报告.pdf']);
    const csv = await fetch(`${api.baseUrl}/api/ledger?period=2026-09&format=csv`, {
      headers: { authorization: `Bearer ${tokens['committee'] ?? ''}` },
    });
    expect((await csv.text()).split('\n').find((l) => l.includes('佐证销号'))).toContain(
      '已销号 管委会督查室；佐证：验收报告.pdf',
    );
  });
});
