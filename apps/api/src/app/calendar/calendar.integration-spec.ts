import type { CalendarDayView } from '@zibo/domain';
import { type ApiInstance, TestWorld, signIn } from '../../../test/test-app';

describe('Working-day calendar (holidays and make-up working days)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let admin: string;
  let committee: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    [admin, committee] = await Promise.all(['admin', 'committee'].map((u) => signIn(api, u)));
  });
  afterAll(() => world.close());

  it('is seeded with the official 2026 schedule, readable by every signed-in user', async () => {
    const staff = await signIn(api, 'staff.econ');
    const result = await api.request<CalendarDayView[]>('GET', '/api/calendar/holidays?year=2026', { token: staff });
    expect(result.status).toBe(200);
    const byDate = new Map(result.body.map((d) => [d.date, d]));
    expect(byDate.get('2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节' });
    expect(byDate.get('2026-02-14')).toMatchObject({ kind: 'workday', name: '春节' });
    expect(byDate.get('2026-10-10')).toMatchObject({ kind: 'workday', name: '国庆节' });
    expect(result.body.filter((d) => d.kind === 'holiday')).toHaveLength(33);
    expect(result.body.filter((d) => d.kind === 'workday')).toHaveLength(6);
    expect(result.body.map((d) => d.date)).toEqual([...result.body.map((d) => d.date)].sort());
    const none = await api.request<CalendarDayView[]>('GET', '/api/calendar/holidays?year=2031', { token: staff });
    expect(none.body).toEqual([]);
  });

  it('lets the system administrator add, change and remove a day, each audited', async () => {
    const created = await api.request<CalendarDayView>('PUT', '/api/calendar/holidays/2027-01-01', {
      token: admin,
      body: { kind: 'holiday', name: '元旦' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/calendar/holidays/2027-01-01');
    expect(created.body).toMatchObject({ date: '2027-01-01', kind: 'holiday', name: '元旦' });

    const changed = await api.request<CalendarDayView>('PUT', '/api/calendar/holidays/2027-01-01', {
      token: admin,
      body: { kind: 'workday', name: '元旦' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.kind).toBe('workday');

    const removed = await api.request('DELETE', '/api/calendar/holidays/2027-01-01', { token: admin });
    expect(removed.status).toBe(204);
    const again = await api.request('DELETE', '/api/calendar/holidays/2027-01-01', { token: admin });
    expect(again.status).toBe(404);

    const events = await world.sql<{ action: string; before: unknown; after: unknown }>(
      `SELECT action, before, after FROM audit_event WHERE entity_type = 'calendar_day' AND entity_id = '2027-01-01' ORDER BY seq`,
    );
    expect(events).toEqual([
      { action: 'calendar.set', before: null, after: { kind: 'holiday', name: '元旦' } },
      { action: 'calendar.set', before: { kind: 'holiday', name: '元旦' }, after: { kind: 'workday', name: '元旦' } },
      { action: 'calendar.remove', before: { kind: 'workday', name: '元旦' }, after: null },
    ]);
  });

  it('refuses changes by anyone but the system administrator, and bad dates or kinds', async () => {
    const denied = await api.request('PUT', '/api/calendar/holidays/2027-01-01', {
      token: committee,
      body: { kind: 'holiday' },
    });
    expect(denied.status).toBe(403);
    expect((await api.request('DELETE', '/api/calendar/holidays/2026-02-17', { token: committee })).status).toBe(403);
    for (const [path, body] of [
      ['/api/calendar/holidays/2027-02-30', { kind: 'holiday' }],
      ['/api/calendar/holidays/not-a-date', { kind: 'holiday' }],
      ['/api/calendar/holidays/2301-01-01', { kind: 'holiday' }],
      ['/api/calendar/holidays/2027-01-01', { kind: 'weekend' }],
      ['/api/calendar/holidays/2027-01-01', { kind: 'holiday', extra: 1 }],
    ] as const) {
      const result = await api.request<{ status: number }>('PUT', path, { token: admin, body });
      expect([path, result.status]).toEqual([path, 400]);
    }
    const badYear = await api.request('GET', '/api/calendar/holidays?year=20x6', { token: admin });
    expect(badYear.status).toBe(400);
    expect((await api.request('GET', '/api/calendar/holidays')).status).toBe(401);
  });
});
