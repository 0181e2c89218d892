import { DataSource } from 'typeorm';
import type { BulletinListItemView, BulletinView, CommentView, DashboardView, Page } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, signIn } from '../../../test/test-app';
import { TaskStatusRefresher } from '../tasks';
import { seedDemoDiscussion } from './demo-discussion';
import { seedDemoWorkflow } from './demo-workflow';

describe('Demo tasks', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const now = new Date('2026-11-27T10:00:00+08:00');

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, new FixedClock(now));
  });
  afterAll(() => world.close());

  it('fill every page: all eight areas, red, amber and green lights, every report state, once only', async () => {
    const options = { now, timeZone: 'Asia/Shanghai', reportDueDay: 5, refresher: api.app.get(TaskStatusRefresher) };
    expect(await seedDemoWorkflow(api.app.get(DataSource), options)).toBe(17);
    expect(await seedDemoWorkflow(api.app.get(DataSource), options)).toBe(0);

    const dashboard = (
      await api.request<DashboardView>('GET', '/api/dashboard', { token: await signIn(api, 'committee') })
    ).body;
    expect(dashboard.byFocusArea.every((area) => area.tasks >= 2)).toBe(true);
    expect(dashboard.totals.byRag.red).toBeGreaterThan(0);
    expect(dashboard.totals.byRag.amber).toBeGreaterThan(0);
    expect(dashboard.totals.byRag.green).toBeGreaterThan(0);
    expect(dashboard.totals.byStatus).toMatchObject({ draft: 1, completed: 1 });
    expect(dashboard.overdueTasks).toHaveLength(1);
    const states = await world.sql<{ status: string }>('SELECT DISTINCT status FROM progress_report ORDER BY 1');
    expect(states.map((s) => s.status)).toEqual(['approved', 'draft', 'returned', 'submitted']);
    // Departments see their own demo work.
    const econ = await api.request<{ items: unknown[] }>('GET', '/api/tasks', {
      token: await signIn(api, 'head.econ'),
    });
    expect(econ.body.items.length).toBeGreaterThanOrEqual(3);
    // 领导批示 pending and answered; the completed task closed out with its signer.
    const directives = await world.sql<{ answered: boolean }>(
      'SELECT responded_at IS NOT NULL AS answered FROM directive ORDER BY 1',
    );
    expect(new Set(directives.map((d) => d.answered))).toEqual(new Set([false, true]));
    const closed = await world.sql<{ status: string; signer: string }>(
      `SELECT t.status, u.username AS signer FROM close_out_request c
         JOIN task t ON t.id = c.task_id JOIN app_user u ON u.id = c.signed_by_id`,
    );
    expect(closed).toEqual([{ status: 'completed', signer: 'committee' }]);
  });

  it('hold a published bulletin every department reads, and comments with mentions, once only', async () => {
    const options = { now, timeZone: 'Asia/Shanghai', reportDueDay: 5 };
    expect(await seedDemoDiscussion(api.app, options)).toBe(true);
    expect(await seedDemoDiscussion(api.app, options)).toBe(false);
    const headParty = await signIn(api, 'head.party');
    const list = await api.request<Page<BulletinListItemView>>('GET', '/api/bulletins', { token: headParty });
    // On 27 November the last closed month is October: the demo's bulletin is September's.
    expect(list.body.items.map((b) => [b.period, b.status, b.number])).toEqual([
      ['2026-09', 'published', '高新督通〔2026〕1号'],
    ]);
    const bulletin = await api.request<BulletinView>('GET', `/api/bulletins/${list.body.items[0]?.id}`, {
      token: headParty,
    });
    expect(bulletin.body.content.totals.tasks).toBeGreaterThan(5);
    expect(bulletin.body.narrative).toContain('演示数据');
    const [overdue] = await world.sql<{ id: string }>(`SELECT id FROM task WHERE title = '重点城建工程年度建设任务'`);
    const comments = await api.request<Page<CommentView>>('GET', `/api/tasks/${overdue?.id}/comments`, {
      token: await signIn(api, 'head.build'),
    });
    // Seeded in one transaction, the two comments share their time: which comes first is the id's.
    expect(comments.body.items.map((c) => c.mentions.map((m) => m.username)).sort()).toEqual([
      ['committee'],
      ['head.build'],
    ]);
  });
});
