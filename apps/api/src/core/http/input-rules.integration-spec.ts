import { type ApiInstance, TestWorld, departmentIds, signIn, uniqueName } from '../../../test/test-app';
import type { OpenApiDocument } from '../../../test/fuzz/openapi-operations';

interface ProblemBody {
  status: number;
  errors?: { field: string; code: string; message: string }[];
}

const fieldsOf = (body: unknown) => ((body as ProblemBody).errors ?? []).map((e) => `${e.field}:${e.code}`);

/** The bad input an outside assessor sent, each once, with the answer the rules give it. */
describe('Input rules', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let admin: string;
  let committee: string;
  let auditor: string;
  let securityAdmin: string;
  let departments: Record<string, string>;
  let document: OpenApiDocument;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    admin = await signIn(api, 'admin');
    committee = await signIn(api, 'committee');
    auditor = await signIn(api, 'auditor');
    securityAdmin = await signIn(api, 'secadmin');
    departments = await departmentIds(world);
    document = (await api.request<OpenApiDocument>('GET', '/api/docs-json')).body;
  });
  afterAll(() => world.close());

  const chainHead = async () =>
    (await world.sql<{ seq: string }>('SELECT max(seq) AS seq FROM audit_event'))[0]?.seq ?? '0';

  describe('text', () => {
    it.each([
      ['NUL', 'admin\u0000'],
      ['DEL', 'admin\u007F'],
      ['a lone surrogate', 'admin\uD800'],
      ['U+FFFF', 'admin\uFFFF'],
    ])('refuses a sign-in username with %s: 400 naming it, and nothing recorded', async (_name, username) => {
      const head = await chainHead();
      const result = await api.request('POST', '/api/auth/login', { body: { username, password: 'Demo@2021' } });
      expect(result.status).toBe(400);
      expect(fieldsOf(result.body)).toEqual(['username:invalid_characters']);
      expect(await chainHead()).toBe(head);
    });

    it('takes any password byte for byte (only a wrong one is refused)', async () => {
      const result = await api.request('POST', '/api/auth/login', {
        body: { username: 'admin', password: 'Demo@2021\u0000\uD800' },
      });
      expect(result.status).toBe(401);
    });

    it('refuses control characters in any text field, naming the field, nested ones too', async () => {
      const result = await api.request('POST', '/api/tasks', {
        token: committee,
        body: {
          workItemCode: 'FA1.1',
          title: '任务\u0000',
          description: '说明\u0085',
          leadDepartmentId: departments['econ'],
          dueDate: '2027-06-30',
          milestones: [{ title: '里程碑\uDFFF', plannedDate: '2027-01-31' }],
        },
      });
      expect(result.status).toBe(400);
      expect(fieldsOf(result.body)).toEqual([
        'title:invalid_characters',
        'description:invalid_characters',
        'milestones.0.title:invalid_characters',
      ]);
    });

    it('refuses them in a search query too', async () => {
      const result = await api.request('GET', '/api/tasks?q=%00', { token: committee });
      expect(result.status).toBe(400);
      expect(fieldsOf(result.body)).toEqual(['q:invalid_characters']);
    });

    it('stores text NFC-normalised: what looks equal is equal', async () => {
      const code = uniqueName('nfc');
      const created = await api.request<{ id: string; name: string }>('POST', '/api/departments', {
        token: admin,
        body: { code, name: 'Cafe\u0301 局' },
      });
      expect(created.status).toBe(201);
      const read = await api.request<{ name: string }>('GET', `/api/departments/${created.body.id}`, { token: admin });
      expect(read.body.name).toBe('Caf\u00E9 局');
    });
  });

  describe('dates', () => {
    it.each([
      ['a task due in year 0', 'POST', '/api/tasks', 'dueDate:date_range'],
      ['a dashboard as of year 0', 'GET', '/api/dashboard?asOf=0000-01-01', 'asOf:date_range'],
      ['audit events from year 0', 'GET', '/api/audit/events?from=0000-01-01T00:00:00Z', 'from:date_range'],
      ['a ledger of 2101', 'GET', '/api/ledger?period=2101-01', 'period:date_range'],
    ])('refuses %s: 400', async (_name, method, path, field) => {
      const body =
        method === 'POST'
          ? { workItemCode: 'FA1.1', title: '任务', leadDepartmentId: departments['econ'], dueDate: '0000-12-31' }
          : undefined;
      const token = path.startsWith('/api/audit') || path.startsWith('/api/ledger') ? auditor : committee;
      const result = await api.request(method, path, { token, body });
      expect(result.status).toBe(400);
      expect(fieldsOf(result.body)).toEqual([field]);
    });
  });

  describe('lists', () => {
    /** Every list of the document that pages with a cursor, with a path a committee member can read. */
    function lists(): string[] {
      return Object.entries(document.paths)
        .filter(([, item]) => item['get']?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
        .map(([template]) => template);
    }

    let submittedReportId = '';

    async function pathOf(template: string): Promise<string> {
      if (!template.includes('{id}')) return template;
      // A report's lists (its comments) on a submitted report, which the committee sees.
      if (template.startsWith('/api/progress/')) return template.replace('{id}', submittedReportId);
      const [task] = await world.sql<{ id: string }>('SELECT id FROM task LIMIT 1');
      return template.replace('{id}', task?.id ?? '');
    }

    beforeAll(async () => {
      for (const title of ['分页任务一', '分页任务二']) {
        const task = await api.request('POST', '/api/tasks', {
          token: committee,
          body: { workItemCode: 'FA1.1', title, leadDepartmentId: departments['econ'], dueDate: '2027-06-30' },
        });
        expect(task.status).toBe(201);
      }
      const [first] = await world.sql<{ id: string }>('SELECT id FROM task ORDER BY created_at LIMIT 1');
      expect((await api.request('POST', `/api/tasks/${first?.id}/assign`, { token: committee })).status).toBe(200);
      const headEcon = await signIn(api, 'head.econ');
      const report = await api.request<{ id: string }>('POST', `/api/tasks/${first?.id}/progress`, {
        token: headEcon,
        body: { period: new Date().toISOString().slice(0, 7), percentComplete: 10, summary: '分页报告' },
      });
      expect(report.status).toBe(201);
      submittedReportId = report.body.id;
      expect((await api.request('POST', `/api/progress/${submittedReportId}/submit`, { token: headEcon })).status).toBe(
        200,
      );
    });

    it('has lists with cursors to check', () => {
      expect(lists().length).toBeGreaterThanOrEqual(6);
    });

    const FORGED = [
      'not base64 !!',
      Buffer.from('"2021-01-01|x"').toString('base64url'),
      Buffer.from('[1e309]').toString('base64url'),
      Buffer.from('["0000-01-01","00000000-0000-4000-8000-000000000000"]').toString('base64url'),
      Buffer.from('{"__proto__":1}').toString('base64url'),
    ];

    it.each(FORGED)('refuses a forged or garbled cursor %s on every list: 400 `cursor`', async (cursor) => {
      for (const template of lists()) {
        const token = template.startsWith('/api/audit') ? auditor : template === '/api/users' ? admin : committee;
        const result = await api.request('GET', `${await pathOf(template)}?cursor=${encodeURIComponent(cursor)}`, {
          token,
        });
        expect([template, result.status, fieldsOf(result.body)[0]?.split(':')[0]]).toEqual([template, 400, 'cursor']);
      }
    });

    it('pages with the cursors it issues, and refuses one list’s cursor on another', async () => {
      const first = await api.request<{ items: { id: string }[]; nextCursor: string | null }>(
        'GET',
        '/api/tasks?limit=1',
        { token: committee },
      );
      expect(first.body.nextCursor).not.toBeNull();
      const second = await api.request<{ items: { id: string }[] }>(
        'GET',
        `/api/tasks?limit=1&cursor=${first.body.nextCursor}`,
        { token: committee },
      );
      expect(second.status).toBe(200);
      expect(second.body.items[0]?.id).not.toBe(first.body.items[0]?.id);
      const elsewhere = await api.request('GET', `/api/audit/events?cursor=${first.body.nextCursor}`, {
        token: auditor,
      });
      expect(elsewhere.status).toBe(400);
      expect(fieldsOf(elsewhere.body)).toEqual(['cursor:invalid']);
    });

    it('refuses an unknown query parameter on every GET: 400 naming it', async () => {
      const templates = Object.entries(document.paths)
        .filter(([, item]) => item['get'])
        .map(([template]) => template);
      expect(templates.length).toBeGreaterThanOrEqual(27);
      let checked = 0;
      for (const template of templates) {
        // Each path asked by a role it is for (the role check comes before the query's).
        const token = template.startsWith('/api/audit')
          ? auditor
          : template.startsWith('/api/users')
            ? admin
            : template.startsWith('/api/security-policy') || template.startsWith('/api/oidc-mappings')
              ? securityAdmin
              : committee;
        const path = await pathOf(template);
        const result = await api.request('GET', `${path}?bogus=1`, { token });
        // 404 comes first (the contract's order) for a path id of another kind; anything else must be the 400.
        if (result.status === 404) continue;
        checked++;
        expect([template, result.status, fieldsOf(result.body)]).toEqual([
          template,
          400,
          expect.arrayContaining(['bogus:unknown_field']),
        ]);
      }
      expect(checked).toBeGreaterThanOrEqual(20);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a body that fails validation 400 and keeps the key free for the corrected request', async () => {
      const key = uniqueName('key-');
      const bad = await api.request('POST', '/api/tasks', {
        token: committee,
        headers: { 'idempotency-key': key },
        body: { workItemCode: 'FA1.1', title: { deep: [1e308] }, leadDepartmentId: 'x', dueDate: '0000-01-01' },
      });
      expect(bad.status).toBe(400);
      expect(await world.sql('SELECT key FROM idempotency_record WHERE key = $1', [key])).toEqual([]);
      const deep = await api.request('POST', '/api/tasks', {
        token: committee,
        headers: { 'idempotency-key': key },
        rawBody: '{"title":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}',
      });
      expect(deep.status).toBe(400);
      const good = {
        workItemCode: 'FA1.1',
        title: '补正后的任务',
        leadDepartmentId: departments['econ'],
        dueDate: '2027-06-30',
      };
      const created = await api.request('POST', '/api/tasks', {
        token: committee,
        headers: { 'idempotency-key': key },
        body: good,
      });
      expect(created.status).toBe(201);
      // The fingerprint is of the validated body: surrounding blanks do not make it another request.
      const replay = await api.request('POST', '/api/tasks', {
        token: committee,
        headers: { 'idempotency-key': key },
        body: { ...good, title: `  ${good.title} ` },
      });
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(created.body);
    });
  });
});
