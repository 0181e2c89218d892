import { createHmac, randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskView, WebhookView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { ReminderService } from '../notifications';
import { WebhookDelivery } from './webhook-delivery.service';

const at = (local: string) => new Date(`${local}+08:00`);

interface Received {
  path: string;
  query: URLSearchParams;
  body: { msgtype: string; text: { content: string } };
}

/** A local robot: records what it is sent, answers with the statuses queued (else 200 errcode 0). */
class Receiver {
  readonly received: Received[] = [];
  readonly statuses: number[] = [];
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        this.received.push({
          path: url.pathname,
          query: url.searchParams,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
        });
        const status = this.statuses.shift() ?? 200;
        // A little slowness, so concurrent workers overlap.
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":-1,"errmsg":"busy"}');
        }, 20);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Group robots (企业微信 / 钉钉) per department', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let second: ApiInstance;
  let admin: string;
  let committee: string;
  let headEcon: string;
  let dept: Record<string, string>;
  const receiver = new Receiver();
  const clock = new FixedClock(at('2026-09-24T10:00:00'));
  const token = `tok${randomBytes(12).toString('hex')}`;
  const secret = `SEC${randomBytes(16).toString('hex')}`;

  beforeAll(async () => {
    await receiver.start();
    world = await TestWorld.create();
    // Tests widen the allow-list to loopback (and may use http://); production allows neither by default.
    api = await world.api({ WEBHOOK_HOSTS: '127.0.0.1' }, clock);
    second = await world.api({ WEBHOOK_HOSTS: '127.0.0.1' }, clock);
    [admin, committee, headEcon] = await Promise.all(['admin', 'committee', 'head.econ'].map((u) => signIn(api, u)));
    dept = await departmentIds(world);
  });
  afterAll(async () => {
    await world.close();
    await receiver.close();
  });

  const robots = (departmentId: string) => `/api/departments/${departmentId}/webhooks`;
  const put = (departmentId: string, kind: string, body: unknown, as = admin) =>
    api.request<WebhookView & { errors?: { field: string; code: string }[] }>(
      'PUT',
      `${robots(departmentId)}/${kind}`,
      { token: as, body },
    );
  const delivery = (instance: ApiInstance) => instance.app.get(WebhookDelivery);

  async function urgeTask(title: string, departmentCode = 'econ'): Promise<TaskView> {
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA3.1',
        title,
        leadDepartmentId: dept[departmentCode],
        startDate: '2026-09-01',
        dueDate: '2026-12-31',
      },
    });
    expect(created.status).toBe(201);
    expect((await api.request('POST', `/api/tasks/${created.body.id}/assign`, { token: committee })).status).toBe(200);
    const urged = await api.request('POST', `/api/tasks/${created.body.id}/urges`, {
      token: committee,
      body: { message: `请报送${title}的推进情况`, respondBy: '2026-09-30' },
    });
    expect(urged.status).toBe(201);
    return created.body;
  }

  it('are the system administrator’s alone; an unknown department is a 404', async () => {
    const econ = dept['econ'] ?? '';
    const body = { url: receiver.url(`/cgi-bin/webhook/send?key=${token}`) };
    expect((await api.request('GET', robots(econ))).status).toBe(401);
    for (const who of [committee, headEcon, await signIn(api, 'auditor'), await signIn(api, 'secadmin')]) {
      expect((await api.request('GET', robots(econ), { token: who })).status).toBe(403);
      expect((await put(econ, 'wecom', body, who)).status).toBe(403);
      expect((await api.request('DELETE', `${robots(econ)}/wecom`, { token: who })).status).toBe(403);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api.request('GET', robots(unknown), { token: admin })).status).toBe(404);
    expect((await put(unknown, 'wecom', body)).status).toBe(404);
    expect((await api.request('GET', robots(econ), { token: admin })).body).toEqual([]);
  });

  it('refuse URLs off the allow-list, not https, with credentials, and a secret on a robot that does not sign', async () => {
    const econ = dept['econ'] ?? '';
    const cases: [unknown, number, string | undefined][] = [
      [{ url: 'https://evil.example/robot/send?access_token=x' }, 422, 'host_not_allowed'],
      [{ url: 'https://qyapi.weixin.qq.com.evil.example/x' }, 422, 'host_not_allowed'],
      [{ url: 'http://169.254.169.254/latest/meta-data' }, 422, 'host_not_allowed'],
      [{ url: 'http://localhost:1/x' }, 422, 'host_not_allowed'],
      [{ url: 'ftp://127.0.0.1/x' }, 422, 'not_url'],
      [{ url: 'not-a-url' }, 422, 'not_url'],
      [{ url: 'http://user:pw@127.0.0.1/x' }, 422, 'credentials_in_url'],
      [{ url: receiver.url('/x'), secret: 'SECabc' }, 422, 'not_signed_kind'],
      [{ url: 'http://127.0.0.1/a b' }, 400, 'url'],
      [{}, 400, 'url'],
      [{ url: receiver.url('/x'), extra: 1 }, 400, undefined],
    ];
    for (const [body, status, code] of cases) {
      const result = await put(econ, 'wecom', body);
      expect({ body, status: result.status }).toEqual({ body, status });
      if (status === 422) expect(result.body.errors?.map((e) => e.code)).toEqual([code]);
    }
    expect((await put(econ, 'teams', { url: receiver.url('/x') })).status).toBe(400);
    // Under the default allow-list (the two official hosts), loopback is refused even over https.
    const strict = await world.api({}, clock);
    const strictPut = await strict.request<{ errors: { code: string }[] }>('PUT', `${robots(econ)}/wecom`, {
      token: await signIn(strict, 'admin'),
      body: { url: 'https://127.0.0.1/cgi-bin/webhook/send?key=k' },
    });
    expect(strictPut.status).toBe(422);
    expect(strictPut.body.errors.map((e) => e.code)).toEqual(['host_not_allowed']);
    const official = await strict.request<WebhookView>('PUT', `${robots(econ)}/wecom`, {
      token: await signIn(strict, 'admin'),
      body: { url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${token}` },
    });
    expect(official.status).toBe(201);
    expect(official.body.maskedUrl).toBe(`https://qyapi.weixin.qq.com/••••${token.slice(-4)}`);
    expect((await api.request('DELETE', `${robots(econ)}/wecom`, { token: admin })).status).toBe(204);
    expect((await api.request('DELETE', `${robots(econ)}/wecom`, { token: admin })).status).toBe(404);
  });

  it('never show the URL’s key or the signing secret: not in answers, audit events or the stored row', async () => {
    const sci = dept['sci'] ?? '';
    const created = await put(sci, 'dingtalk', { url: receiver.url(`/robot/send?access_token=${token}`), secret });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${robots(sci)}/dingtalk`);
    expect(created.body).toMatchObject({ kind: 'dingtalk', host: '127.0.0.1', signed: true, lastDelivery: null });
    expect(created.body.maskedUrl).toBe(`http://127.0.0.1:${receiver.port}/••••${token.slice(-4)}`);
    const replaced = await put(sci, 'dingtalk', { url: receiver.url(`/robot/send?access_token=${token}`), secret });
    expect(replaced.status).toBe(200);
    const listed = await api.request('GET', robots(sci), { token: admin });
    for (const text of [JSON.stringify(created.body), JSON.stringify(replaced.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain(token.slice(0, -4));
      expect(text).not.toContain(secret);
    }
    const removed = await api.request('DELETE', `${robots(sci)}/dingtalk`, { token: admin });
    expect(removed.status).toBe(204);

    const events = await world.sql<{ action: string; bytes: string }>(
      `SELECT action, row_to_json(e)::text AS bytes FROM audit_event e WHERE entity_type = 'department_webhook' ORDER BY seq`,
    );
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['webhook.create', 'webhook.update', 'webhook.remove']),
    );
    const all = await world.sql<{ bytes: string }>(
      `SELECT string_agg(row_to_json(e)::text, '') AS bytes FROM audit_event e`,
    );
    expect(all[0]?.bytes).not.toContain(token.slice(0, -4));
    expect(all[0]?.bytes).not.toContain(secret);
    expect(events.find((e) => e.action === 'webhook.create')?.bytes).toContain('[redacted]');

    await put(sci, 'dingtalk', { url: receiver.url(`/robot/send?access_token=${token}`), secret });
    const stored = await world.sql<{ bytes: string }>(`SELECT row_to_json(w)::text AS bytes FROM department_webhook w`);
    expect(stored.map((s) => s.bytes).join('')).not.toContain(token.slice(0, -4));
    expect(stored.map((s) => s.bytes).join('')).not.toContain(secret);
    await api.request('DELETE', `${robots(sci)}/dingtalk`, { token: admin });
  });

  it('post an urge to the department’s 钉钉 robot, signed, and retry after a 500 with back-off', async () => {
    const econ = dept['econ'] ?? '';
    expect(
      (await put(econ, 'dingtalk', { url: receiver.url(`/robot/send?access_token=${token}`), secret })).status,
    ).toBe(201);
    receiver.received.length = 0;
    receiver.statuses.push(500);
    clock.set(at('2026-09-24T10:00:00'));
    await urgeTask('新材料产业园建设');

    const first = await delivery(api).deliverPending();
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [failed] = await world.sql<{ state: string; attempts: number; last_error: string }>(
      `SELECT state, attempts, last_error FROM channel_delivery ORDER BY created_at DESC LIMIT 1`,
    );
    expect(failed).toEqual({ state: 'pending', attempts: 1, last_error: 'HTTP 500' });
    const shown = await api.request<WebhookView[]>('GET', robots(econ), { token: admin });
    expect(shown.body[0]?.lastDelivery).toMatchObject({ state: 'pending', error: 'HTTP 500' });

    // Not before its back-off (30 s) has passed…
    expect(await delivery(api).deliverPending()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.set(at('2026-09-24T10:00:31'));
    expect(await delivery(api).deliverPending()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await delivery(second).deliverPending()).toEqual({ sent: 0, retried: 0, failed: 0 });

    expect(receiver.received).toHaveLength(2);
    for (const got of receiver.received) {
      expect(got.path).toBe('/robot/send');
      expect(got.query.get('access_token')).toBe(token);
      const timestamp = got.query.get('timestamp') ?? '';
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      expect(got.query.get('sign')).toBe(expected);
      expect(got.body.msgtype).toBe('text');
      expect(got.body.text.content).toContain('【催办】新材料产业园建设');
      expect(got.body.text.content).toContain('请于此日前答复：2026-09-30');
    }
    const [sent] = await world.sql<{ state: string; attempts: number; last_error: string | null }>(
      `SELECT state, attempts, last_error FROM channel_delivery ORDER BY created_at DESC LIMIT 1`,
    );
    expect(sent).toEqual({ state: 'sent', attempts: 2, last_error: null });
  });

  it('deliver each message exactly once when two api processes send the outbox at the same time', async () => {
    receiver.received.length = 0;
    clock.set(at('2026-09-24T11:00:00'));
    const titles = Array.from({ length: 12 }, (_, i) => `并发任务${i + 1}`);
    for (const title of titles) await urgeTask(title);
    const runs = await Promise.all([
      delivery(api).deliverPending(),
      delivery(second).deliverPending(),
      delivery(api).deliverPending(),
      delivery(second).deliverPending(),
    ]);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(titles.length);
    const contents = receiver.received.map((r) => r.body.text.content.split('\n')[0]);
    expect(contents.sort()).toEqual(titles.map((t) => `【催办】${t}`).sort());
  });

  it('hear of reporting deadlines and escalations once, however often and wherever the reminder job runs', async () => {
    const build = dept['build'] ?? '';
    expect((await put(build, 'wecom', { url: receiver.url(`/cgi-bin/webhook/send?key=${token}`) })).status).toBe(201);
    clock.set(at('2026-09-24T12:00:00'));
    await urgeTask('园区道路建设', 'build');
    // 4 October: the September report is due on the 5th, and the urge (answer by 30 September) is unanswered.
    clock.set(at('2026-10-04T10:00:00'));
    const counts = () =>
      world.sql<{ kind: string; n: number }>(
        `SELECT d.notification_kind AS kind, count(*)::int AS n
           FROM channel_delivery d JOIN department_webhook w ON w.id = d.webhook_id
          WHERE w.department_id = $1 GROUP BY 1 ORDER BY 1`,
        [build],
      );
    await Promise.all([api.app.get(ReminderService).runOnce(), second.app.get(ReminderService).runOnce()]);
    const first = await counts();
    expect(first).toEqual(
      expect.arrayContaining([
        { kind: 'report_due', n: 1 },
        { kind: 'urge_escalated', n: 1 },
      ]),
    );
    await api.app.get(ReminderService).runOnce();
    expect(await counts()).toEqual(first);

    receiver.received.length = 0;
    await Promise.all([delivery(api).deliverPending(), delivery(second).deliverPending()]);
    const texts = receiver.received.filter((r) => r.path === '/cgi-bin/webhook/send').map((r) => r.body.text.content);
    expect(texts.filter((t) => t.startsWith('【填报提醒】园区道路建设'))).toEqual([
      '【填报提醒】园区道路建设\n报告期：2026-09\n请于此日前填报：2026-10-05',
    ]);
    expect(texts.filter((t) => t.startsWith('【催办升级】园区道路建设'))).toHaveLength(1);
    await api.request('DELETE', `${robots(build)}/wecom`, { token: admin });
  });

  it('refuse at delivery a permitted name that resolves to an internal address the list does not name', async () => {
    const party = dept['party'] ?? '';
    const byName = await world.api({ WEBHOOK_HOSTS: 'localhost' }, clock);
    const adminToken = await signIn(byName, 'admin');
    const saved = await byName.request('PUT', `${robots(party)}/wecom`, {
      token: adminToken,
      body: { url: `http://localhost:${receiver.port}/cgi-bin/webhook/send?key=${token}` },
    });
    expect(saved.status).toBe(201);
    receiver.received.length = 0;
    clock.set(at('2026-09-24T12:00:00'));
    await urgeTask('党建工作', 'party');
    // The other processes (loopback by address) leave it to this one only by chance: run this one first.
    const result = await delivery(byName).deliverPending();
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(receiver.received).toHaveLength(0);
    const [row] = await world.sql<{ state: string; last_error: string }>(
      `SELECT d.state, d.last_error FROM channel_delivery d JOIN department_webhook w ON w.id = d.webhook_id
        WHERE w.department_id = $1`,
      [party],
    );
    expect(row?.state).toBe('failed');
    expect(row?.last_error).toMatch(/^address not allowed for localhost/);
  });
});
