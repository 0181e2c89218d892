import type { ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import type { HistoryEntryView } from '@zibo/domain';

describe('Task history', () => {
  let world: TestWorld;
  let api: ApiInstance;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, new FixedClock(new Date('2021-03-10T10:00:00+08:00')));
  });
  afterAll(() => world.close());

  it('tells who changed what and when, from the audit log, only to those who may see the task', async () => {
    const [committee, headEcon, headParty] = await Promise.all(
      ['committee', 'head.econ', 'head.party'].map((u) => signIn(api, u)),
    );
    const dept = await departmentIds(world);
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: { workItemCode: 'FA4.1', title: '综保区扩区', leadDepartmentId: dept['econ'], dueDate: '2021-12-31' },
    });
    const id = created.body.id;
    await api.request('PATCH', `/api/tasks/${id}`, {
      token: committee,
      body: { title: '综保区扩区申报' },
      headers: { 'if-match': `"${created.body.version}"` },
    });
    await api.request('POST', `/api/tasks/${id}/assign`, { token: committee });
    const report = await api.request<ReportView>('POST', `/api/tasks/${id}/progress`, {
      token: headEcon,
      body: { period: '2021-03', percentComplete: 5, summary: '材料准备中' },
    });
    await api.request('POST', `/api/progress/${report.body.id}/submit`, { token: headEcon });

    const history = await api.request<{ items: HistoryEntryView[] }>('GET', `/api/tasks/${id}/history`, {
      token: headEcon,
    });
    expect(history.status).toBe(200);
    expect(history.body.items.map((e) => e.action)).toEqual([
      'task.create',
      'task.update',
      'task.assign',
      'report.create',
      'report.submit',
      'task.start',
    ]);
    expect(history.body.items[1]).toMatchObject({
      actorName: '管委会督查室',
      actorRole: 'committee',
      before: { title: '综保区扩区' },
      after: { title: '综保区扩区申报' },
    });
    const seqs = history.body.items.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect((await api.request('GET', `/api/tasks/${id}/history`, { token: headParty })).status).toBe(404);

    const paged = await api.request<{ items: HistoryEntryView[]; nextCursor: string }>(
      'GET',
      `/api/tasks/${id}/history?limit=4`,
      { token: committee },
    );
    const rest = await api.request<{ items: HistoryEntryView[] }>(
      'GET',
      `/api/tasks/${id}/history?cursor=${paged.body.nextCursor}`,
      { token: committee },
    );
    expect([...paged.body.items, ...rest.body.items].map((e) => e.seq)).toEqual(seqs);
  });
});
