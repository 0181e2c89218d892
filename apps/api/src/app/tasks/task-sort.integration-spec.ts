import fc from 'fast-check';
import {
  type FieldError,
  type Page,
  type ReviewQueueItemView,
  type TaskListItemView,
  type TaskTotalsView,
  RAG_STATUSES,
  REVIEW_QUEUE_SORT_KEYS,
  TASK_SORT_KEYS,
  TASK_STATUSES,
  sortTokens,
} from '@zibo/domain';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';

// Business date 2026-03-10: the stored RAG of the rows below is "computed today", so reads keep it.
const clock = new FixedClock(new Date('2026-03-10T10:00:00+08:00'));
const TODAY = '2026-03-10';

/** The oracle: each sort key written out plainly in SQL, independent of the api's keyset code. */
const TASK_ORACLE: Record<(typeof TASK_SORT_KEYS)[number], string> = {
  dueDate: 't.due_date',
  title: 't.title',
  leadDepartment: 'd.code',
  status: `CASE t.status ${TASK_STATUSES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`,
  rag: `CASE t.rag ${RAG_STATUSES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE 9 END`,
  percentComplete: 't.percent_complete',
  updatedAt: `date_trunc('milliseconds', t.updated_at)`,
};
const QUEUE_ORACLE: Record<(typeof REVIEW_QUEUE_SORT_KEYS)[number], string> = {
  submittedAt: `date_trunc('milliseconds', r.submitted_at)`,
  period: `CASE WHEN r.period LIKE '%Q%' THEN (left(r.period, 4) || '-' || lpad((right(r.period, 1)::int * 3 - 2)::text, 2, '0'))
             ELSE r.period END`,
  department: 'd.code',
  deadline: `CASE WHEN r.period LIKE '%Q%' THEN (left(r.period, 4) || '-' || lpad((right(r.period, 1)::int * 3)::text, 2, '0'))
             ELSE r.period END`,
};

const fieldsOf = (body: unknown) =>
  ((body as { errors?: FieldError[] }).errors ?? []).map((e) => `${e.field}:${e.code}`);

describe('Sorted lists: server-side order, keyset paging under every sort, totals', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let tokens: Record<'committee' | 'auditor' | 'head.econ' | 'staff.sci', string>;
  let dept: Record<string, string>;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, clock);
    const names = ['committee', 'auditor', 'head.econ', 'staff.sci'] as const;
    const signed = await Promise.all(names.map((name) => signIn(api, name)));
    tokens = Object.fromEntries(names.map((name, i) => [name, signed[i] ?? ''])) as typeof tokens;
    dept = await departmentIds(world);
    const [creator] = await world.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'committee'`);

    // Random tasks with many ties on every sort key (few due dates, titles, percents, update times).
    const departments = ['econ', 'sci', 'invest', 'build'].map((code) => dept[code] ?? '');
    const task = fc.record({
      title: fc.constantFrom('甲任务', '乙任务', 'Alpha', 'alpha', 'Beta', '丙', 'Z-task'),
      lead: fc.constantFrom(...departments),
      co: fc.subarray(departments, { maxLength: 2 }),
      due: fc.constantFrom('2026-04-30', '2026-06-30', '2026-06-30', '2026-12-31', '2025-12-31'),
      status: fc.constantFrom(...TASK_STATUSES),
      rag: fc.constantFrom(null, ...RAG_STATUSES),
      overdue: fc.boolean(),
      percent: fc.constantFrom(0, 10, 50, 50, 100),
      updated: fc.constantFrom('2026-03-01T08:00:00.123456Z', '2026-03-02T08:00:00.5Z', '2026-03-02T08:00:00.500001Z'),
    });
    const rows = fc.sample(task, { numRuns: 140, seed: 20261203 });
    await world.sql(
      `WITH x AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS x(title text, lead uuid, co uuid[], due date, status text, rag text, overdue boolean, percent int,
                updated timestamptz)),
       t AS (
         INSERT INTO task (work_item_code, title, description, lead_department_id, start_date, due_date,
                           reporting_cycle, status, created_by_id, rag, overdue, percent_complete, rag_computed_on,
                           assigned_at, updated_at)
         SELECT 'FA2.2', x.title, '', x.lead, '2025-01-01', x.due, 'monthly', x.status, $2, x.rag, x.overdue,
                x.percent, $3::date, CASE WHEN x.status <> 'draft' THEN '2026-01-05'::timestamptz END, x.updated
           FROM x RETURNING id, lead_department_id, title, due_date, updated_at)
       INSERT INTO task_co_department (task_id, department_id)
       SELECT DISTINCT t.id, c FROM t JOIN x ON x.title = t.title AND x.lead = t.lead_department_id
          AND x.due = t.due_date AND x.updated = t.updated_at, unnest(x.co) c WHERE c <> t.lead_department_id
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows), creator?.id, TODAY],
      'owner',
    );

    // Submitted reports for the queue: one per (task, period), periods monthly and quarterly, few
    // submission times (ties).
    await world.sql(
      `INSERT INTO progress_report (task_id, period, status, revision, percent_complete, summary, author_id,
                                    submitted_by_id, submitted_at, first_submitted_at)
       SELECT t.id, p.period, 'submitted', 1, 10, '本月', $1, $1, s.at, s.at
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM task WHERE status <> 'draft' LIMIT 40) t
        CROSS JOIN LATERAL (SELECT (ARRAY['2025-11', '2025-12', '2025-Q4', '2026-01', '2026-Q1', '2026-02'])[1 + (t.n % 6)::int] AS period) p
        CROSS JOIN LATERAL (SELECT (ARRAY['2026-03-01T01:00:00.000123Z', '2026-03-01T01:00:00.0001Z',
                                          '2026-03-02T01:00:00Z'])[1 + (t.n % 3)::int]::timestamptz AS at) s`,
      [creator?.id],
      'owner',
    );
  });
  afterAll(() => world?.close());

  const get = <T>(path: string, token: string) => api.request<T>('GET', path, { token });

  /** Every page of a list, concatenated, and how many pages it took. */
  async function allPages<T>(path: string, token: string, limit: number): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: { status: number; body: Page<T> } = await get<Page<T>>(
        `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      );
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 500);
    return { items, pages };
  }

  /** The tasks a user sees, in the order the oracle's SQL gives. */
  async function expectedTasks(user: keyof typeof tokens, key: keyof typeof TASK_ORACLE, desc: boolean) {
    const departmentOf: Record<string, string | undefined> = { 'head.econ': dept['econ'], 'staff.sci': dept['sci'] };
    const own = departmentOf[user];
    const dir = desc ? 'DESC' : 'ASC';
    const rows = await world.sql<{ id: string }>(
      `SELECT t.id FROM task t JOIN department d ON d.id = t.lead_department_id
        WHERE $1::uuid IS NULL OR (t.status <> 'draft' AND (t.lead_department_id = $1 OR EXISTS (
               SELECT 1 FROM task_co_department c WHERE c.task_id = t.id AND c.department_id = $1)))
        ORDER BY ${TASK_ORACLE[key]} ${dir}, t.id ${dir}`,
      [own ?? null],
    );
    return rows.map((r) => r.id);
  }

  it('pages concatenated are the whole list in the sort’s order, for every sort, page size and role', async () => {
    const users = Object.keys(tokens) as (keyof typeof tokens)[];
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...sortTokens(TASK_SORT_KEYS)),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom(...users),
        async (sort, limit, user) => {
          const { items, pages } = await allPages<TaskListItemView>(`/api/tasks?sort=${sort}`, tokens[user], limit);
          const ids = items.map((t) => t.id);
          const expected = await expectedTasks(
            user,
            sort.replace('-', '') as keyof typeof TASK_ORACLE,
            sort.startsWith('-'),
          );
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toEqual(expected);
          expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
          checked++;
        },
      ),
      { numRuns: 40, seed: 7202112, examples: sortTokens(TASK_SORT_KEYS).map((s) => [s, 7, 'committee']) },
    );
    expect(checked).toBeGreaterThanOrEqual(40);
  });

  it('orders by what the user reads: RAG red first, status in lifecycle order, percent, title, due date', async () => {
    const list = async (sort: string) =>
      (await get<Page<TaskListItemView>>(`/api/tasks?sort=${sort}&limit=500`, tokens.committee)).body.items;
    const rank = (values: readonly (string | null)[]) => (v: string | null) =>
      v === null ? values.length : values.indexOf(v);
    const ragRank = rank(RAG_STATUSES);
    const rags = (await list('rag')).map((t) => ragRank(t.rag));
    expect(rags).toEqual([...rags].sort((a, b) => a - b));
    expect(rags[0]).toBe(0);
    const statuses = (await list('-status')).map((t) => TASK_STATUSES.indexOf(t.status));
    expect(statuses).toEqual([...statuses].sort((a, b) => b - a));
    const percents = (await list('-percentComplete')).map((t) => t.percentComplete);
    expect(percents).toEqual([...percents].sort((a, b) => b - a));
    const dues = (await list('dueDate')).map((t) => t.dueDate);
    expect(dues).toEqual([...dues].sort());
    // Without `sort` the list is as before: by due date, then id.
    const plain = (await list('dueDate')).map((t) => t.id);
    expect(
      (await get<Page<TaskListItemView>>('/api/tasks?limit=500', tokens.committee)).body.items.map((t) => t.id),
    ).toEqual(plain);
  });

  it('the review queue pages correctly under every sort', async () => {
    for (const sort of sortTokens(REVIEW_QUEUE_SORT_KEYS)) {
      for (const limit of [1, 4, 500]) {
        const { items } = await allPages<ReviewQueueItemView>(
          `/api/review-queue?sort=${sort}`,
          tokens.committee,
          limit,
        );
        const dir = sort.startsWith('-') ? 'DESC' : 'ASC';
        const key = sort.replace('-', '') as keyof typeof QUEUE_ORACLE;
        const expected = await world.sql<{ id: string }>(
          `SELECT r.id FROM progress_report r JOIN task t ON t.id = r.task_id
             JOIN department d ON d.id = t.lead_department_id
            WHERE r.status = 'submitted' ORDER BY ${QUEUE_ORACLE[key]} ${dir}, r.id ${dir}`,
        );
        expect([sort, limit, items.map((i) => i.reportId)]).toEqual([sort, limit, expected.map((r) => r.id)]);
      }
    }
    const byDeadline = (
      await get<Page<ReviewQueueItemView>>('/api/review-queue?sort=deadline&limit=500', tokens.auditor)
    ).body.items;
    expect(byDeadline.map((i) => i.deadline)).toEqual(byDeadline.map((i) => i.deadline).sort());
    expect(byDeadline.length).toBeGreaterThan(10);
  });

  it('refuses an unknown sort (400 `sort` invalid_value) and a cursor made under another sort (400 `cursor`)', async () => {
    for (const [path, bad] of [
      ['/api/tasks', 'due'],
      ['/api/tasks', '+title'],
      ['/api/tasks', 'submittedAt'],
      ['/api/review-queue', 'dueDate'],
      ['/api/tasks/totals', 'title'],
    ] as const) {
      const result = await get(`${path}?sort=${encodeURIComponent(bad)}`, tokens.committee);
      expect([path, bad, result.status, result.headers.get('content-type')]).toEqual([
        path,
        bad,
        400,
        expect.stringContaining('application/problem+json'),
      ]);
      expect(fieldsOf(result.body)).toEqual([
        path === '/api/tasks/totals' ? 'sort:unknown_field' : 'sort:invalid_value',
      ]);
    }
    const first = await get<Page<TaskListItemView>>('/api/tasks?sort=title&limit=2', tokens.committee);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const cursor = first.body.nextCursor ?? '';
    expect((await get(`/api/tasks?sort=title&limit=2&cursor=${cursor}`, tokens.committee)).status).toBe(200);
    for (const other of ['-title', 'dueDate', 'rag']) {
      const result = await get(`/api/tasks?sort=${other}&limit=2&cursor=${cursor}`, tokens.committee);
      expect([other, result.status, fieldsOf(result.body)]).toEqual([other, 400, ['cursor:invalid']]);
    }
    // Without `sort`, a cursor of the default order pages on; a title cursor does not.
    expect((await get(`/api/tasks?limit=2&cursor=${cursor}`, tokens.committee)).status).toBe(400);
    const queue = await get<Page<ReviewQueueItemView>>('/api/review-queue?sort=department&limit=1', tokens.committee);
    const queueCursor = queue.body.nextCursor ?? '';
    const wrong = await get(`/api/review-queue?sort=period&limit=1&cursor=${queueCursor}`, tokens.committee);
    expect([wrong.status, fieldsOf(wrong.body)]).toEqual([400, ['cursor:invalid']]);
    // One list's cursor is no other list's.
    expect((await get(`/api/tasks?limit=1&cursor=${queueCursor}`, tokens.committee)).status).toBe(400);
  });

  it('the CSV download keeps the sort', async () => {
    for (const sort of ['-title', 'leadDepartment', '-updatedAt']) {
      const list = (await get<Page<TaskListItemView>>(`/api/tasks?sort=${sort}&limit=500`, tokens['head.econ'])).body
        .items;
      const response = await fetch(`${api.baseUrl}/api/tasks?sort=${sort}&format=csv`, {
        headers: { authorization: `Bearer ${tokens['head.econ']}` },
      });
      expect(response.status).toBe(200);
      const lines = (await response.text()).trim().split(/\r?\n/).slice(1);
      // The task id is the last column.
      expect(lines.map((line) => line.split(',').at(-1))).toEqual(list.map((t) => t.id));
    }
  });

  it('totals count what the list lists, per RAG, status and overdue, under each role’s scoping and filters', async () => {
    for (const user of Object.keys(tokens) as (keyof typeof tokens)[]) {
      for (const filter of [
        '',
        'department=' + (dept['econ'] ?? ''),
        'rag=red',
        'overdue=true',
        'q=任务',
        'status=assigned',
      ]) {
        const totals = await get<TaskTotalsView>(`/api/tasks/totals?${filter}`, tokens[user]);
        expect(totals.status).toBe(200);
        const { items } = await allPages<TaskListItemView>(`/api/tasks?${filter}`, tokens[user], 500);
        const count = (predicate: (t: TaskListItemView) => boolean) => items.filter(predicate).length;
        const expected: TaskTotalsView = {
          total: items.length,
          rag: {
            red: count((t) => t.rag === 'red'),
            amber: count((t) => t.rag === 'amber'),
            green: count((t) => t.rag === 'green'),
            none: count((t) => t.rag === null),
          },
          status: Object.fromEntries(
            TASK_STATUSES.map((s) => [s, count((t) => t.status === s)]),
          ) as TaskTotalsView['status'],
          overdue: count((t) => t.overdue),
        };
        expect([user, filter, totals.body]).toEqual([user, filter, expected]);
        if (user === 'head.econ' || user === 'staff.sci') expect(totals.body.status.draft).toBe(0);
      }
    }
    const all = await get<TaskTotalsView>('/api/tasks/totals', tokens.committee);
    expect(all.body.total).toBeGreaterThanOrEqual(140);
    expect((await api.request('GET', '/api/tasks/totals')).status).toBe(401);
    expect((await get('/api/tasks/totals?limit=5', tokens.committee)).status).toBe(400);
  });
});
