import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ReportView, TaskView } from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { MailerService } from './mailer.service';
import { ReminderService } from './reminder.service';

interface ReminderRow {
  kind: string;
  task_id: string;
  period: string | null;
  username: string;
}

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** Decodes the parts of a received message the tests look at (RFC 2047 words, base64 or QP body). */
function parseMail(raw: string): { messageId: string; subject: string; text: string } {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const words = (value: string) =>
    value.replace(/\?=\s+=\?/g, '?==?').replace(/(?:=\?utf-8\?([bq])\?([^?]*)\?=)+/gi, (run) =>
      Buffer.concat(
        [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, encoding, data = '']) =>
          encoding?.toLowerCase() === 'b'
            ? Buffer.from(data, 'base64')
            : Buffer.from(
                data
                  .replace(/_/g, ' ')
                  .replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
                'latin1',
              ),
        ),
      ).toString('utf8'),
    );
  const body = rest.join('\r\n\r\n');
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { messageId: headers.get('message-id') ?? '', subject: words(headers.get('subject') ?? ''), text };
}

describe('Reminders: report due and overdue, once each, in-app and by e-mail', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let committee: string;
  let headEcon: string;
  let dept: Record<string, string>;
  // Tasks are assigned on 10 March 2021; the March report is due by the end of 5 April.
  const clock = new FixedClock(new Date('2021-03-10T10:00:00+08:00'));
  const TWO_DAYS_BEFORE_MARCH_DEADLINE = new Date('2021-04-03T10:00:00+08:00');

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    [committee, headEcon] = await Promise.all(['committee', 'head.econ'].map((u) => signIn(api, u)));
    dept = await departmentIds(world);
  });
  afterAll(() => world.close());

  const reminders = (instance: ApiInstance = api) => instance.app.get(ReminderService);

  async function task(
    title: string,
    lead: string,
    overrides: Record<string, unknown> = {},
    { assign = true } = {},
  ): Promise<TaskView> {
    clock.set(new Date('2021-03-10T10:00:00+08:00'));
    const created = await api.request<TaskView>('POST', '/api/tasks', {
      token: committee,
      body: {
        workItemCode: 'FA2.2',
        title,
        leadDepartmentId: dept[lead],
        startDate: '2021-03-01',
        dueDate: '2021-12-31',
        ...overrides,
      },
    });
    expect(created.status).toBe(201);
    if (!assign) return created.body;
    const assigned = await api.request<TaskView>('POST', `/api/tasks/${created.body.id}/assign`, { token: committee });
    expect(assigned.status).toBe(200);
    return assigned.body;
  }

  /** Reminder notifications of the given tasks, in a stable order. */
  const remindersOf = (taskIds: string[]) =>
    world.sql<ReminderRow>(
      `SELECT n.kind, n.task_id, n.payload->>'period' AS period, u.username
         FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.task_id = ANY($1) AND n.kind IN ('report_due', 'overdue')
        ORDER BY n.kind, n.task_id, period, u.username`,
      [taskIds],
    );

  it('reminds the lead department of a report due within three days, once', async () => {
    const withCoOwner = await task('重大项目集中开工', 'econ', { coDepartmentIds: [dept['sci']] });
    const draft = await task('尚未交办的任务', 'econ', {}, { assign: false });

    // 1 April: the March deadline (6 April 00:00) is more than three days away.
    clock.set(new Date('2021-04-01T10:00:00+08:00'));
    await reminders().runOnce();
    expect(await remindersOf([withCoOwner.id])).toEqual([]);

    clock.set(TWO_DAYS_BEFORE_MARCH_DEADLINE);
    const first = await reminders().runOnce();
    // The lead department's head and staff only: not the co-owner, not a draft task.
    expect(await remindersOf([withCoOwner.id, draft.id])).toEqual([
      { kind: 'report_due', task_id: withCoOwner.id, period: '2021-03', username: 'head.econ' },
      { kind: 'report_due', task_id: withCoOwner.id, period: '2021-03', username: 'staff.econ' },
    ]);
    expect(first.created).toBeGreaterThanOrEqual(2);
    expect(await reminders().runOnce()).toEqual({ created: 0 });

    const inbox = await api.request<{ items: { kind: string; taskId: string; payload: Record<string, unknown> }[] }>(
      'GET',
      '/api/notifications',
      { token: headEcon },
    );
    expect(inbox.body.items.find((n) => n.kind === 'report_due' && n.taskId === withCoOwner.id)?.payload).toEqual({
      title: '重大项目集中开工',
      period: '2021-03',
      deadline: '2021-04-05T16:00:00.000Z',
      dueOn: '2021-04-05',
    });
  });

  it('creates each reminder exactly once when two api processes run the job at the same moment', async () => {
    const tasks = await Promise.all(
      ['invest', 'build', 'ftz', 'approval', 'social'].map((code) => task(`并发提醒 ${code}`, code)),
    );
    const second = await world.api({}, clock);
    clock.set(TWO_DAYS_BEFORE_MARCH_DEADLINE);
    const [before] = await world.sql<{ count: number }>('SELECT count(*)::int AS count FROM notification');

    let created = 0;
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all([
        reminders(api).runOnce(),
        reminders(second).runOnce(),
        reminders(api).runOnce(),
        reminders(second).runOnce(),
      ]);
      created += results.reduce((sum, r) => sum + r.created, 0);
    }

    const [after] = await world.sql<{ count: number }>('SELECT count(*)::int AS count FROM notification');
    expect(created).toBe((after?.count ?? 0) - (before?.count ?? 0));
    const rows = await remindersOf(tasks.map((t) => t.id));
    expect(rows).toHaveLength(tasks.length * 2);
    for (const t of tasks) {
      const code = t.title.split(' ')[1];
      expect(rows.filter((r) => r.task_id === t.id).map((r) => r.username)).toEqual([`head.${code}`, `staff.${code}`]);
    }
    const duplicates = await world.sql(
      `SELECT kind, task_id, payload->>'period', user_id FROM notification
        WHERE kind IN ('report_due', 'overdue') GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
  });

  it('does not remind of a period whose report is submitted; a draft does not count', async () => {
    const submitted = await task('已报送的任务', 'party');
    const drafted = await task('仅有草稿的任务', 'party');
    const [headParty, staffParty] = await Promise.all(['head.party', 'staff.party'].map((u) => signIn(api, u)));

    clock.set(new Date('2021-04-02T09:00:00+08:00'));
    for (const t of [submitted, drafted]) {
      const report = await api.request<ReportView>('POST', `/api/tasks/${t.id}/progress`, {
        token: staffParty,
        body: { period: '2021-03', percentComplete: 20, summary: '三月进展' },
      });
      expect(report.status).toBe(201);
      if (t === submitted) {
        const result = await api.request('POST', `/api/progress/${report.body.id}/submit`, { token: headParty });
        expect(result.status).toBe(200);
      }
    }

    clock.set(TWO_DAYS_BEFORE_MARCH_DEADLINE);
    await reminders().runOnce();
    expect(await remindersOf([submitted.id, drafted.id])).toEqual([
      { kind: 'report_due', task_id: drafted.id, period: '2021-03', username: 'head.party' },
      { kind: 'report_due', task_id: drafted.id, period: '2021-03', username: 'staff.party' },
    ]);
  });

  it('tells the lead department once that a task is overdue', async () => {
    const late = await task('三月底到期的任务', 'sci', { dueDate: '2021-03-31' });

    // On its due date the task is not overdue yet.
    clock.set(new Date('2021-03-31T20:00:00+08:00'));
    await reminders().runOnce();
    expect((await remindersOf([late.id])).filter((r) => r.kind === 'overdue')).toEqual([]);

    clock.set(new Date('2021-04-01T00:30:00+08:00'));
    await reminders().runOnce();
    clock.set(TWO_DAYS_BEFORE_MARCH_DEADLINE);
    await reminders().runOnce();
    clock.set(new Date('2021-05-20T10:00:00+08:00'));
    await reminders().runOnce();
    expect((await remindersOf([late.id])).filter((r) => r.kind === 'overdue')).toEqual([
      { kind: 'overdue', task_id: late.id, period: null, username: 'head.sci' },
      { kind: 'overdue', task_id: late.id, period: null, username: 'staff.sci' },
    ]);
  });

  it('mails each notification once to its user, even with two api processes mailing at once', async () => {
    const received: ReceivedMail[] = [];
    const smtp = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      disableReverseLookup: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'reminder' && auth.password === 's3cret') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    try {
      const port = (smtp.server.address() as AddressInfo).port;
      const env = { SMTP_URL: `smtp://reminder:s3cret@127.0.0.1:${port}`, SMTP_FROM: '督办系统 <duban@example.test>' };
      const mailers = [await world.api(env, clock), await world.api(env, clock)].map((i) => i.app.get(MailerService));

      await world.sql(
        `UPDATE app_user SET email = username || '@example.test' WHERE role IN ('dept_head', 'dept_staff')`,
      );
      // A notification already read in the app is not mailed.
      const [read] = await world.sql<{ id: string }>(
        `SELECT n.id FROM notification n JOIN app_user u ON u.id = n.user_id
          WHERE u.username = 'head.econ' AND n.kind = 'assigned' LIMIT 1`,
      );
      expect((await api.request('POST', `/api/notifications/${read?.id}/read`, { token: headEcon })).status).toBe(200);
      const pending = await world.sql<{ id: string; email: string }>(
        `SELECT n.id, u.email FROM notification n JOIN app_user u ON u.id = n.user_id
          WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND u.email IS NOT NULL`,
      );
      expect(pending.length).toBeGreaterThan(20);

      let sent = 0;
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all([...mailers, ...mailers].map((m) => m.sendPending()));
        sent += results.reduce((sum, r) => sum + r.sent, 0);
        expect(results.every((r) => r.failed === 0)).toBe(true);
      }

      expect(sent).toBe(pending.length);
      expect(received).toHaveLength(pending.length);
      const byNotification = new Map(
        received.map((mail) => [
          /^<notification\.([0-9a-f-]{36})@example\.test>$/.exec(parseMail(mail.raw).messageId)?.[1],
          mail,
        ]),
      );
      expect(byNotification.size).toBe(pending.length);
      for (const { id, email } of pending) expect(byNotification.get(id)?.to).toEqual([email]);
      expect(byNotification.has(read?.id)).toBe(false);
      expect(received.every((mail) => mail.from === 'duban@example.test')).toBe(true);

      // The March reminder of head.econ, in Chinese with English below.
      const [due] = await world.sql<{ id: string }>(
        `SELECT n.id FROM notification n JOIN app_user u ON u.id = n.user_id
          WHERE u.username = 'head.econ' AND n.kind = 'report_due' AND n.payload->>'title' = '重大项目集中开工'`,
      );
      const mail = byNotification.get(due?.id);
      expect(mail?.to).toEqual(['head.econ@example.test']);
      const parsed = parseMail(mail?.raw ?? '');
      expect(parsed.subject).toBe('【督办提醒】重大项目集中开工 2021-03 月报将于 4 月 5 日截止');
      expect(parsed.text).toContain('任务「重大项目集中开工」的2021-03 月报将于 2021 年 4 月 5 日');
      expect(parsed.text).toContain(
        'The monthly report for 2021-03 of the task "重大项目集中开工" is due by the end of 5 April 2021',
      );

      const [left] = await world.sql<{ count: number }>(
        'SELECT count(*)::int AS count FROM notification WHERE id = ANY($1) AND emailed_at IS NULL',
        [pending.map((p) => p.id)],
      );
      expect(left?.count).toBe(0);
      // Nothing new: a further run sends nothing.
      expect(await mailers[0]?.sendPending()).toEqual({ sent: 0, failed: 0 });
    } finally {
      await new Promise<void>((resolve) => smtp.close(resolve));
    }
  });

  it('runs the job on its own shortly after start when an interval is configured', async () => {
    const scheduled = await task('定时提醒的任务', 'approval', { coDepartmentIds: [] });
    clock.set(TWO_DAYS_BEFORE_MARCH_DEADLINE);
    await world.api({ REMINDER_INTERVAL_MINUTES: '60' }, clock);
    const deadline = Date.now() + 15_000;
    let rows: ReminderRow[] = [];
    while (Date.now() < deadline && rows.length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rows = await remindersOf([scheduled.id]);
    }
    expect(rows.map((r) => [r.kind, r.username])).toEqual([
      ['report_due', 'head.approval'],
      ['report_due', 'staff.approval'],
    ]);
  });
});
