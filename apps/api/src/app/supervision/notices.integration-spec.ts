import type { Page, SupervisionNoticeView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { pdfText } from '../../../test/pdf-text';

const at = (local: string) => new Date(`${local}+08:00`);

describe('三色督办单 supervision notices', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let staffEcon: string;
  let headParty: string;
  let dept: Record<string, string>;
  let taskId: string;
  const clock = new FixedClock(at('2026-11-02T10:00:00'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon, staffEcon, headParty] = await Promise.all(
      ['committee', 'head.econ', 'staff.econ', 'head.party'].map((u) => signIn(api, u)),
    );
    dept = await departmentIds(world);
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA4.1',
        title: '园区污水处理厂提标改造',
        leadDepartmentId: dept['econ'],
        startDate: '2026-10-01',
        dueDate: '2026-12-31',
      },
    });
    taskId = created.body.id;
    await api.request('POST', `/api/tasks/${taskId}/assign`, { token: committee });
  });
  afterAll(() => world.close());

  const issue = (token: string, body: Record<string, unknown>) =>
    api.request<SupervisionNoticeView & { errors?: { field: string }[] }>('POST', '/api/supervision-notices', {
      token,
      body,
    });

  it('is issued by the committee with a 文号 numbered per year, 201 with Location', async () => {
    const first = await issue(committee, {
      taskId,
      colour: 'yellow',
      text: '进度滞后，请限期整改',
      respondBy: '2026-11-10',
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/api/supervision-notices/${first.body.id}`);
    expect(first.body).toMatchObject({ colour: 'yellow', status: 'open', departmentId: dept['econ'], year: 2026 });
    const second = await issue(committee, { taskId, colour: 'blue', text: '请关注进度', respondBy: '2026-11-10' });
    expect(second.body.serial).toBe(first.body.serial + 1);
    expect(second.body.number).toBe(`高新督〔2026〕${second.body.serial}号`);
    const notified = await api.request<Page<{ kind: string; taskId: string }>>('GET', '/api/notifications', {
      token: staffEcon,
    });
    expect(notified.body.items.filter((n) => n.taskId === taskId).map((n) => n.kind)).toContain('notice');
  });

  it('refuses departments (403), bad colours (400), unknown tasks and past dates (422)', async () => {
    expect((await issue(headEcon, { taskId, colour: 'red', text: '挂牌', respondBy: '2026-11-10' })).status).toBe(403);
    expect((await issue(committee, { taskId, colour: 'green', text: '挂牌', respondBy: '2026-11-10' })).status).toBe(
      400,
    );
    const unknown = await issue(committee, {
      taskId: '00000000-0000-4000-8000-000000000000',
      colour: 'red',
      text: '挂牌',
      respondBy: '2026-11-10',
    });
    expect(unknown.status).toBe(422);
    expect((await issue(committee, { taskId, colour: 'red', text: '挂牌', respondBy: '2026-11-01' })).status).toBe(422);
  });

  it('is scoped like its task, answered once by the lead head, and prints as a PDF with its 文号', async () => {
    const notice = (
      await issue(committee, { taskId, colour: 'red', text: '挂牌督办：限期完成主体工程', respondBy: '2026-11-20' })
    ).body;
    expect((await api.request('GET', `/api/supervision-notices/${notice.id}`, { token: headParty })).status).toBe(404);
    const list = await api.request<Page<SupervisionNoticeView>>(
      'GET',
      `/api/supervision-notices?task=${taskId}&colour=red`,
      {
        token: staffEcon,
      },
    );
    expect(list.body.items.map((n) => n.id)).toEqual([notice.id]);
    const partyList = await api.request<Page<SupervisionNoticeView>>('GET', '/api/supervision-notices', {
      token: headParty,
    });
    expect(partyList.body.items.filter((n) => n.taskId === taskId)).toEqual([]);

    expect(
      (
        await api.request('POST', `/api/supervision-notices/${notice.id}/respond`, {
          token: staffEcon,
          body: { response: '已整改' },
        })
      ).status,
    ).toBe(403);
    const answered = await api.request<SupervisionNoticeView>('POST', `/api/supervision-notices/${notice.id}/respond`, {
      token: headEcon,
      body: { response: '已制定整改方案，本月底完成主体工程' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', response: '已制定整改方案，本月底完成主体工程' });
    expect(
      (
        await api.request('POST', `/api/supervision-notices/${notice.id}/respond`, {
          token: headEcon,
          body: { response: '再答' },
        })
      ).status,
    ).toBe(409);

    const response = await fetch(`${api.baseUrl}/api/supervision-notices/${notice.id}?format=pdf`, {
      headers: { authorization: `Bearer ${staffEcon}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/pdf');
    const content = Buffer.from(await response.arrayBuffer());
    expect(content.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(content);
    expect(text).toContain('挂牌督办通知单');
    expect(text).toContain(notice.number);
    expect(text).toContain('经济发展局');
    expect(text).toContain('已制定整改方案');
    expect(
      (await api.request('GET', `/api/supervision-notices/${notice.id}?format=doc`, { token: staffEcon })).status,
    ).toBe(400);
  });
});
