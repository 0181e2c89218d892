import { ROLES, type UserField } from '@zibo/domain';
import { type ApiInstance, TestWorld, departmentIds, signIn, uniqueName } from '../../../test/test-app';

interface UserBody {
  id: string;
  version: number;
  displayName: string;
  role: string;
  departmentId: string | null;
  email: string | null;
  locked: boolean;
}

// One demo account per role.
const ACCOUNTS = {
  admin: 'admin',
  security_admin: 'secadmin',
  committee: 'committee',
  dept_head: 'head.econ',
  dept_staff: 'staff.econ',
  auditor: 'auditor',
} as const;
type Caller = keyof typeof ACCOUNTS;

/**
 * 三员分立 (issue 9): the system administrator, the security administrator and the auditor cannot
 * do each other's work. One test per rule; every refusal is checked to have changed nothing.
 */
describe('Separation of the three administrators (三员分立)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const tokens = new Map<Caller, string>();
  let dept: Record<string, string>;
  let taskId: string;

  const as = (caller: Caller) => tokens.get(caller) ?? '';
  const userRow = async (id: string) =>
    (
      await world.sql<UserBody & { password_hash: string }>(
        `SELECT id, version, display_name AS "displayName", role, department_id AS "departmentId", email, locked,
                password_hash FROM app_user WHERE id = $1`,
        [id],
      )
    )[0];
  const newStaff = async () => {
    const created = await api.request<UserBody>('POST', '/api/users', {
      token: as('admin'),
      body: {
        username: uniqueName('sod.'),
        displayName: '分立测试',
        role: 'dept_staff',
        departmentId: dept['econ'],
        password: 'Start#2021-kite',
      },
    });
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    for (const [caller, username] of Object.entries(ACCOUNTS))
      tokens.set(caller as Caller, await signIn(api, username));
    dept = await departmentIds(world);
    const task = await api.request<{ id: string }>('POST', '/api/tasks', {
      token: as('committee'),
      body: { workItemCode: 'FA1.1', title: '分立测试任务', leadDepartmentId: dept['econ'], dueDate: '2030-12-31' },
    });
    taskId = task.body.id;
  });
  afterAll(() => world.close());

  it('the system administrator neither reads nor exports the audit log', async () => {
    for (const path of [
      '/api/audit/events',
      `/api/audit/events?entityType=user`,
      '/api/audit/export?format=csv',
      '/api/audit/export?format=xlsx',
      '/api/audit/verify',
      '/api/audit/checkpoints',
    ]) {
      const answer = await api.request<{ type: string }>('GET', path, { token: as('admin') });
      expect([path, answer.status, answer.body.type]).toEqual([path, 403, 'urn:zibo:problem:forbidden']);
    }
  });

  it('the security administrator reads no task and no dashboard', async () => {
    const token = as('security_admin');
    for (const path of ['/api/tasks', '/api/dashboard', '/api/plan-drift']) {
      expect([path, (await api.request('GET', path, { token })).status]).toEqual([path, 403]);
    }
    // A task is hidden from them exactly like one that does not exist.
    const hidden = await api.request('GET', `/api/tasks/${taskId}`, { token });
    const unknown = await api.request('GET', '/api/tasks/00000000-0000-4000-8000-000000000000', { token });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(unknown.body);
    for (const path of [`/api/tasks/${taskId}/history`, `/api/tasks/${taskId}/progress`]) {
      expect([path, (await api.request('GET', path, { token })).status]).toEqual([path, 404]);
    }
  });

  it('the security administrator edits no business data and creates no account', async () => {
    const token = as('security_admin');
    const before = await world.sql('SELECT count(*)::int AS n FROM department');
    expect(
      (await api.request('POST', '/api/departments', { token, body: { code: 'secx', name: '安全局' } })).status,
    ).toBe(403);
    const econ = await api.request('GET', `/api/departments/${dept['econ']}`, { token });
    const rename = await api.request('PATCH', `/api/departments/${dept['econ']}`, {
      token,
      body: { name: '改名' },
      headers: { 'if-match': econ.headers.get('etag') ?? '' },
    });
    expect(rename.status).toBe(403);
    expect(
      (
        await api.request('POST', '/api/tasks', {
          token,
          body: { workItemCode: 'FA1.1', title: 'x', dueDate: '2030-01-01' },
        })
      ).status,
    ).toBe(403);
    const account = await api.request('POST', '/api/users', {
      token,
      body: {
        username: uniqueName('x.'),
        displayName: 'x',
        role: 'dept_staff',
        departmentId: dept['econ'],
        password: 'Start#2021-kite',
      },
    });
    expect(account.status).toBe(403);
    expect(await world.sql('SELECT count(*)::int AS n FROM department')).toEqual(before);
    expect(
      (await world.sql<{ name: string }>('SELECT name FROM department WHERE id = $1', [dept['econ']]))[0]?.name,
    ).toBe('经济发展局');
  });

  it('the auditor changes nothing, and reads and exports what both administrators did', async () => {
    const token = as('auditor');
    const user = await newStaff();
    const granted = await api.request<UserBody>('PATCH', `/api/users/${user.id}`, {
      token: as('security_admin'),
      body: { role: 'dept_head' },
      headers: { 'if-match': `"${user.version}"` },
    });
    expect(granted.status).toBe(200);

    const attempts: [string, string, unknown][] = [
      [
        'POST',
        '/api/users',
        {
          username: uniqueName('a.'),
          displayName: 'x',
          role: 'dept_staff',
          departmentId: dept['econ'],
          password: 'Start#2021-kite',
        },
      ],
      ['PATCH', `/api/users/${user.id}`, { displayName: '审计改名' }],
      ['PATCH', `/api/users/${user.id}`, { role: 'auditor' }],
      ['POST', '/api/departments', { code: uniqueName('a'), name: '审计局' }],
      ['PATCH', `/api/departments/${dept['econ']}`, { name: '改名' }],
      [
        'POST',
        '/api/tasks',
        { workItemCode: 'FA1.1', title: 'x', leadDepartmentId: dept['econ'], dueDate: '2030-01-01' },
      ],
      ['PATCH', `/api/tasks/${taskId}`, { title: '审计改名' }],
      ['POST', `/api/tasks/${taskId}/assign`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await api.request(method, path, { token, body, headers: { 'if-match': '"1"' } });
      // Users are hidden from the auditor (404); everything else is refused as not theirs (403).
      expect([method, path, answer.status]).toEqual([method, path, path.startsWith('/api/users/') ? 404 : 403]);
    }
    expect(await userRow(user.id)).toMatchObject({
      displayName: '分立测试',
      role: 'dept_head',
      version: granted.body.version,
    });

    const events = await api.request<{ items: { action: string; actorRole: string; after: unknown }[] }>(
      'GET',
      `/api/audit/events?entityType=user&entityId=${user.id}`,
      { token },
    );
    expect(events.status).toBe(200);
    // Newest first: the auditor's own refused attempts on the account are on the record too.
    expect(events.body.items.map((e) => [e.action, e.actorRole])).toEqual([
      ['access.denied', 'auditor'],
      ['access.denied', 'auditor'],
      ['user.update', 'security_admin'],
      ['user.create', 'admin'],
    ]);
    const file = await fetch(`${api.baseUrl}/api/audit/export?format=csv&entityId=${user.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(file.status).toBe(200);
    const csv = await file.text();
    expect(csv).toContain('user.create');
    expect(csv).toContain('security_admin');
  });

  it.each(ROLES)('%s cannot change their own role', async (role) => {
    const caller = role;
    const me = await api.request<UserBody>('GET', '/api/me', { token: as(caller) });
    const other = role === 'committee' ? 'auditor' : 'committee';
    const answer = await api.request('PATCH', `/api/users/${me.body.id}`, {
      token: as(caller),
      body: { role: other },
      headers: { 'if-match': `"${me.body.version}"` },
    });
    expect(answer.status).toBe(403);
    expect((await userRow(me.body.id))?.role).toBe(role);
  });

  it.each(['admin', 'security_admin', 'committee', 'auditor'])(
    'the system administrator cannot create a %s account (only department roles)',
    async (role) => {
      const username = uniqueName('new.');
      const answer = await api.request<{ detail: string }>('POST', '/api/users', {
        token: as('admin'),
        body: { username, displayName: '越权', role, password: 'Start#2021-kite' },
      });
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toMatch(/department role/);
      expect(await world.sql('SELECT 1 FROM app_user WHERE username = $1', [username])).toEqual([]);
    },
  );

  describe('who changes which field of a user (PATCH /api/users/:id), field by field', () => {
    const change: Record<UserField, (dept: Record<string, string>) => unknown> = {
      displayName: () => '新名字',
      departmentId: (d) => d['sci'],
      email: () => 'someone@example.cn',
      password: () => 'Changed#2024',
      role: () => 'dept_head',
      locked: () => true,
    };
    // Field × administrator: the one who may (200, stored), the others refused (403) with nothing stored.
    const table: [UserField, Caller, number][] = (
      [
        ['displayName', 'admin'],
        ['departmentId', 'admin'],
        ['email', 'admin'],
        ['password', 'admin'],
        ['role', 'security_admin'],
        ['locked', 'security_admin'],
      ] as const
    ).flatMap(([field, keeper]) =>
      (['admin', 'security_admin', 'auditor', 'committee'] as const).map((caller): [UserField, Caller, number] => [
        field,
        caller,
        caller === keeper ? 200 : caller === 'auditor' || caller === 'committee' ? 404 : 403,
      ]),
    );

    it.each(table)('%s set by %s → %i', async (field, caller, status) => {
      const user = await newStaff();
      const before = await userRow(user.id);
      const answer = await api.request<UserBody>('PATCH', `/api/users/${user.id}`, {
        token: as(caller),
        body: { [field]: change[field](dept) },
        headers: { 'if-match': `"${user.version}"` },
      });
      expect(answer.status).toBe(status);
      const after = await userRow(user.id);
      if (status !== 200) {
        expect(after).toEqual(before);
        return;
      }
      if (field === 'password') expect(after?.password_hash).not.toBe(before?.password_hash);
      else expect(after?.[field]).toEqual(change[field](dept));
    });
  });
});
