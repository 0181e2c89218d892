import { DataSource } from 'typeorm';
import type { DashboardView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, signIn } from '../../../test/test-app';
import { TaskStatusRefresher } from '../tasks/task-status-refresher.service';
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
});
