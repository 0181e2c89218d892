import { createHash } from 'node:crypto';
import type { TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { DENIAL_EVENTS_PER_MINUTE } from './access-denial-recorder';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

interface EventRow {
  seq: number;
  action: string;
  actor_id: string | null;
  actor_role: string | null;
  entity_type: string;
  entity_id: string | null;
  after: Record<string, unknown> | null;
  sha256: string | null;
}

/**
 * Security events are audit events (issue 9): refusals of signed-in callers (rate-limited per user
 * and minute, the limit kept in PostgreSQL), evidence downloads, ledger and audit exports.
 */
describe('Security events in the audit log', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const clock = new FixedClock(new Date('2021-03-20T10:00:00+08:00'));
  let dept: Record<string, string>;
  let committee: string;
  let auditor: string;
  let task: TaskView;
  let attachment: { id: string; sha256: string };

  const userId = async (username: string) =>
    (await world.sql<{ id: string }>('SELECT id FROM app_user WHERE username = $1', [username]))[0]?.id ?? '';
  const head = async () =>
    Number((await world.sql<{ seq: number }>('SELECT max(seq) AS seq FROM audit_event'))[0]?.seq);
  const eventsSince = (seq: number, action: string) =>
    world.sql<EventRow>(
      `SELECT seq, action, actor_id, actor_role, entity_type, entity_id, after, sha256
         FROM audit_event WHERE seq > $1 AND action = $2 ORDER BY seq`,
      [seq, action],
    );

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    dept = await departmentIds(world);
    committee = await signIn(api, 'committee');
    auditor = await signIn(api, 'auditor');
    const staffEcon = await signIn(api, 'staff.econ');
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA2.2',
        title: '安全事件测试任务',
        leadDepartmentId: dept['econ'],
        startDate: '2021-03-01',
        dueDate: '2021-12-31',
      },
    });
    task = (await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).body;
    const report = await api.request<{ id: string }>('POST', `/api/tasks/${task.id}/progress`, {
      token: staffEcon,
      body: { period: '2021-03', percentComplete: 10, summary: '进展' },
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)]), '佐证.pdf');
    const uploaded = await fetch(`${api.baseUrl}/api/progress/${report.body.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffEcon}` },
      body: form,
    });
    attachment = (await uploaded.json()) as { id: string; sha256: string };
  });
  afterAll(() => world.close());

  describe('access denials', () => {
    it('records a record hidden from the caller (404) against that record, kept out of the task’s history', async () => {
      const before = await head();
      const headParty = await signIn(api, 'head.party');
      expect((await api.request('GET', `/api/tasks/${task.id}`, { token: headParty })).status).toBe(404);
      const [event, ...more] = await eventsSince(before, 'access.denied');
      expect(more).toEqual([]);
      expect(event).toMatchObject({
        actor_id: await userId('head.party'),
        actor_role: 'dept_head',
        entity_type: 'task',
        entity_id: task.id,
        after: { status: 404, method: 'GET', route: '/api/tasks/:id' },
      });
      const history = await api.request<{ items: { action: string }[] }>('GET', `/api/tasks/${task.id}/history`, {
        token: committee,
      });
      expect(history.body.items.map((e) => e.action)).not.toContain('access.denied');
    });

    it('records a role refused by the guard (403) and one refused by a use case', async () => {
      const before = await head();
      const staffSci = await signIn(api, 'staff.sci');
      expect((await api.request('GET', '/api/users', { token: staffSci })).status).toBe(403);
      // Staff of the lead department may not submit (the head is accountable): the workflow says 403.
      const staffEcon = await signIn(api, 'staff.econ');
      const reportId = (
        await world.sql<{ id: string }>('SELECT id FROM progress_report WHERE task_id = $1', [task.id])
      )[0]?.id;
      expect((await api.request('POST', `/api/progress/${reportId}/submit`, { token: staffEcon })).status).toBe(403);
      const events = await eventsSince(before, 'access.denied');
      expect(events.map((e) => [e.actor_role, e.entity_type, e.entity_id, e.after])).toEqual([
        ['dept_staff', 'route', null, { status: 403, method: 'GET', route: '/api/users' }],
        ['dept_staff', 'report', reportId, { status: 403, method: 'POST', route: '/api/progress/:id/submit' }],
      ]);
    });

    it('records a refused id holding characters text cannot store, escaped', async () => {
      const before = await head();
      const headParty = await signIn(api, 'head.party');
      expect((await api.request('GET', '/api/tasks/%00%7Fx', { token: headParty })).status).toBe(404);
      const [event, ...more] = await eventsSince(before, 'access.denied');
      expect(more).toEqual([]);
      expect(event).toMatchObject({ entity_type: 'task', after: { status: 404, route: '/api/tasks/:id' } });
      expect(event?.entity_id).toBe(String.raw`\u0000\u007fx`);
      const verified = await api.request<{ ok: boolean }>('GET', '/api/audit/verify', {
        token: await signIn(api, 'auditor'),
      });
      expect(verified.body.ok).toBe(true);
    });

    it('records nothing for callers who are not signed in, or for refusals that are not about access', async () => {
      const before = await head();
      expect((await api.request('GET', `/api/tasks/${task.id}`)).status).toBe(401);
      expect((await api.request('GET', '/api/tasks?limit=9999', { token: committee })).status).toBe(400);
      expect(await head()).toBe(before);
    });

    it(`keeps a loop of 100 refusals to ${DENIAL_EVENTS_PER_MINUTE} events a minute and reports the rest in the next`, async () => {
      clock.set(new Date('2021-03-20T11:00:05+08:00'));
      const before = await head();
      const headSci = await signIn(api, 'head.sci');
      for (let i = 0; i < 100; i++) {
        expect((await api.request('GET', '/api/audit/events', { token: headSci })).status).toBe(403);
      }
      const recorded = await eventsSince(before, 'access.denied');
      expect(recorded).toHaveLength(DENIAL_EVENTS_PER_MINUTE);
      expect(recorded.every((e) => e.after?.['suppressedBefore'] === undefined)).toBe(true);

      clock.set(new Date('2021-03-20T11:01:00+08:00'));
      expect((await api.request('GET', '/api/audit/events', { token: headSci })).status).toBe(403);
      const [next] = (await eventsSince(before, 'access.denied')).slice(DENIAL_EVENTS_PER_MINUTE);
      expect(next?.after).toEqual({
        status: 403,
        method: 'GET',
        route: '/api/audit/events',
        suppressedBefore: 100 - DENIAL_EVENTS_PER_MINUTE,
      });
      // Each user has a window of their own: someone else's first refusal of the minute is recorded.
      const staffSci = await signIn(api, 'staff.sci');
      expect((await api.request('GET', '/api/users', { token: staffSci })).status).toBe(403);
      expect(await eventsSince(before, 'access.denied')).toHaveLength(DENIAL_EVENTS_PER_MINUTE + 2);
    });

    it('holds the limit across api processes refusing the same user at the same time', async () => {
      clock.set(new Date('2021-03-20T12:00:00+08:00'));
      const second = await world.api({}, clock);
      const before = await head();
      const headBuild = await signIn(api, 'head.build');
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? second : api).request('GET', '/api/ledger?period=2021-03', { token: headBuild }),
        ),
      );
      expect(results.every((r) => r.status === 403)).toBe(true);
      expect(await eventsSince(before, 'access.denied')).toHaveLength(DENIAL_EVENTS_PER_MINUTE);
      const verified = await api.request<{ ok: boolean }>('GET', '/api/audit/verify', { token: auditor });
      expect(verified.body.ok).toBe(true);
    });
  });

  it('records each evidence download with the file’s SHA-256, and not in the task’s history', async () => {
    const before = await head();
    const response = await fetch(`${api.baseUrl}/api/attachments/${attachment.id}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(response.status).toBe(200);
    const content = Buffer.from(await response.arrayBuffer());
    const [event, ...more] = await eventsSince(before, 'attachment.download');
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor_id: await userId('auditor'),
      actor_role: 'auditor',
      entity_type: 'attachment',
      entity_id: attachment.id,
      sha256: createHash('sha256').update(content).digest('hex'),
      after: { fileName: '佐证.pdf', size: PDF.length },
    });
    expect(event?.sha256).toBe(attachment.sha256);
    const history = await api.request<{ items: { action: string }[] }>('GET', `/api/tasks/${task.id}/history`, {
      token: committee,
    });
    expect(history.body.items.map((e) => e.action)).toContain('attachment.upload');
    expect(history.body.items.map((e) => e.action)).not.toContain('attachment.download');
  });

  it('records each ledger file taken away with its format and period, and not the on-screen ledger', async () => {
    const before = await head();
    expect((await api.request('GET', '/api/ledger?period=2021-03', { token: committee })).status).toBe(200);
    expect(await eventsSince(before, 'ledger.export')).toEqual([]);
    for (const format of ['csv', 'xlsx', 'pdf']) {
      const file = await fetch(`${api.baseUrl}/api/ledger?period=2021-03&department=${dept['econ']}&format=${format}`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(file.status).toBe(200);
    }
    const events = await eventsSince(before, 'ledger.export');
    expect(events.map((e) => [e.actor_role, e.entity_type, e.after?.['format'], e.after?.['period']])).toEqual([
      ['auditor', 'ledger', 'csv', '2021-03'],
      ['auditor', 'ledger', 'xlsx', '2021-03'],
      ['auditor', 'ledger', 'pdf', '2021-03'],
    ]);
    expect(events[0]?.after?.['department']).toBe(dept['econ']);
  });

  it('records each audit export with its format and filter', async () => {
    const before = await head();
    const file = await fetch(`${api.baseUrl}/api/audit/export?format=csv&entityType=task`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    const [event] = await eventsSince(before, 'audit.export');
    expect(event).toMatchObject({ actor_role: 'auditor', after: { format: 'csv', filter: { entityType: 'task' } } });
  });
});
