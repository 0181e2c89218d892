import { login, sessionFor } from '../../../test/accounts';
import { type ApiInstance, TestWorld, signIn, uniqueName } from '../../../test/test-app';

interface UserBody {
  id: string;
  username: string;
  role: string;
  departmentId: string | null;
  locked: boolean;
  version: number;
}

describe('User administration', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let admin: string;
  let secadmin: string;
  let econId: string;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    admin = await signIn(api, 'admin');
    secadmin = await signIn(api, 'secadmin');
    econId = (await world.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'econ'`))[0]?.id ?? '';
  });
  afterAll(() => world.close());

  const createUser = (body: Record<string, unknown>) =>
    api.request<UserBody & { errors?: { field: string; code: string }[] }>('POST', '/api/users', {
      token: admin,
      body,
    });
  // Profile fields and passwords are the system administrator's; role and lock the security administrator's.
  const patchUser = (id: string, version: number | undefined, body: Record<string, unknown>) =>
    api.request<UserBody & { errors?: { field: string }[]; detail?: string }>('PATCH', `/api/users/${id}`, {
      token: 'role' in body || 'locked' in body ? secadmin : admin,
      body,
      headers: version === undefined ? {} : { 'if-match': `"${version}"` },
    });
  const staffBody = (username: string, displayName: string, password = 'Start#2021-kite') => ({
    username,
    displayName,
    role: 'dept_staff',
    departmentId: econId,
    password,
  });

  it('creates a department staff member who can then sign in, and audits it without the password', async () => {
    const username = uniqueName('staff.new');
    const created = await createUser({
      username,
      displayName: '新填报员',
      role: 'dept_staff',
      departmentId: econId,
      password: 'Start#2021-kite',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/users/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ username, role: 'dept_staff', departmentId: econId, locked: false });

    // A password the administrator chose: the user must choose their own before the session starts.
    expect((await login(api, username, 'Start#2021-kite')).body).toMatchObject({ passwordChangeRequired: true });
    expect((await sessionFor(api, username, 'Start#2021-kite')).token).toEqual(expect.any(String));
    const events = await world.sql<{ after: Record<string, unknown>; actor_role: string }>(
      `SELECT after, actor_role FROM audit_event WHERE action = 'user.create' AND entity_id = $1`,
      [created.body.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.actor_role).toBe('admin');
    expect(JSON.stringify(events[0]?.after)).not.toMatch(/Start#2021|argon2/);
  });

  it('refuses a taken username, and a department role without a department, with 422 naming the field', async () => {
    const taken = await createUser(staffBody('head.econ', 'x'));
    expect(taken.status).toBe(422);
    expect(taken.body.errors?.[0]).toMatchObject({ field: 'username', code: 'taken' });
    const homeless = await createUser({
      username: uniqueName('h'),
      displayName: 'x',
      role: 'dept_head',
      password: 'Start#2021-kite',
    });
    expect(homeless.status).toBe(422);
    expect(homeless.body.errors?.[0]?.field).toBe('departmentId');
  });

  it('refuses weak passwords with 400', async () => {
    const weak = await createUser(staffBody(uniqueName('w'), 'x', 'elevenchars'));
    expect(weak.status).toBe(400);
    expect(weak.body.errors?.[0]?.field).toBe('password');
  });

  it('requires If-Match on PATCH (428), and refuses a stale version (412) without changing anything', async () => {
    const user = (await createUser(staffBody(uniqueName('e'), '甲'))).body;
    expect((await patchUser(user.id, undefined, { displayName: '乙' })).status).toBe(428);
    const star = await api.request('PATCH', `/api/users/${user.id}`, {
      token: admin,
      body: { displayName: '乙' },
      headers: { 'if-match': '*' },
    });
    expect(star.status).toBe(428);

    const first = await patchUser(user.id, 1, { displayName: '乙' });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await patchUser(user.id, 1, { displayName: '丙' });
    expect(stale.status).toBe(412);
    const current = await api.request<UserBody & { displayName: string }>('GET', `/api/users/${user.id}`, {
      token: admin,
    });
    expect(current.body.displayName).toBe('乙');
  });

  it('lets exactly one of two concurrent edits of the same version win', async () => {
    const user = (await createUser(staffBody(uniqueName('c'), '并发'))).body;
    const results = await Promise.all([
      patchUser(user.id, 1, { displayName: 'A' }),
      patchUser(user.id, 1, { displayName: 'B' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
  });

  it('locking a user ends their session and refuses their sign-in; unlocking restores it', async () => {
    const username = uniqueName('lock');
    const user = (await createUser(staffBody(username, '锁定'))).body;
    const { token, password } = await sessionFor(api, username, 'Start#2021-kite');
    const locked = await patchUser(user.id, 1, { locked: true });
    expect(locked.status).toBe(200);
    expect((await api.request('GET', '/api/me', { token })).status).toBe(401);
    const refused = await api.request('POST', '/api/auth/login', { body: { username, password } });
    expect(refused.status).toBe(403);
    expect((await patchUser(user.id, 2, { locked: false })).status).toBe(200);
    const again = await login(api, username, password);
    expect(again.status).toBe(200);
    expect(typeof again.body.accessToken).toBe('string');
  });

  it('resets a password: the old one stops working, the new one works, the audit event says so', async () => {
    const username = uniqueName('pw');
    const user = (await createUser(staffBody(username, '改密'))).body;
    expect((await patchUser(user.id, 1, { password: 'Fresh#2022-lamp' })).status).toBe(200);
    expect(
      (await api.request('POST', '/api/auth/login', { body: { username, password: 'Start#2021-kite' } })).status,
    ).toBe(401);
    expect((await login(api, username, 'Fresh#2022-lamp')).body).toMatchObject({ passwordChangeRequired: true });
    const events = await world.sql<{ action: string; after: Record<string, unknown> }>(
      `SELECT action, after FROM audit_event WHERE entity_id = $1 ORDER BY seq`,
      [user.id],
    );
    expect(events.map((e) => e.action)).toContain('user.password_reset');
    expect(events.find((e) => e.action === 'user.password_reset')?.after).toEqual({ password: 'reset' });
  });

  it('tells the user of a reset: a notification in the same change, which the mailer sends where SMTP and an address are set', async () => {
    const username = uniqueName('told');
    const user = (await createUser({ ...staffBody(username, '通知'), email: `${username}@example.test` })).body;
    expect((await patchUser(user.id, 1, { password: 'Fresh#2022-lamp' })).status).toBe(200);
    const notices = await world.sql<{ kind: string; emailed_at: Date | null }>(
      'SELECT kind, emailed_at FROM notification WHERE user_id = $1',
      [user.id],
    );
    expect(notices).toEqual([{ kind: 'password_reset', emailed_at: null }]);
    // An edit that sets no password tells nobody anything.
    expect((await patchUser(user.id, 2, { displayName: '通知二' })).status).toBe(200);
    expect(await world.sql('SELECT id FROM notification WHERE user_id = $1', [user.id])).toHaveLength(1);
  });

  it('moves a user to another role and department, recording only the changed fields', async () => {
    const sci = (await world.sql<{ id: string }>(`SELECT id FROM department WHERE code = 'sci'`))[0]?.id;
    const user = (
      await createUser({
        username: uniqueName('mv'),
        displayName: '调动',
        role: 'dept_staff',
        departmentId: econId,
        password: 'Start#2021-kite',
      })
    ).body;
    // The department is the system administrator's to change, the role the security administrator's.
    const moved = await patchUser(user.id, 1, { departmentId: sci });
    expect(moved.status).toBe(200);
    const promoted = await patchUser(user.id, moved.body.version, { role: 'dept_head' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ role: 'dept_head', departmentId: sci });
    const events = await world.sql<{ actor_role: string; before: unknown; after: unknown }>(
      `SELECT actor_role, before, after FROM audit_event WHERE entity_id = $1 AND action = 'user.update' ORDER BY seq`,
      [user.id],
    );
    expect(events).toEqual([
      { actor_role: 'admin', before: { departmentId: econId }, after: { departmentId: sci } },
      { actor_role: 'security_admin', before: { role: 'dept_staff' }, after: { role: 'dept_head' } },
    ]);
  });

  it('does not let the security administrator lock or demote themselves (403), nor change anything by trying', async () => {
    const me = await api.request<{ id: string; version: number }>('GET', '/api/me', { token: secadmin });
    for (const body of [{ locked: true }, { role: 'admin' }]) {
      const result = await patchUser(me.body.id, me.body.version, body);
      expect(result.status).toBe(403);
      expect(result.body.detail).toMatch(/own role or lock themselves/);
    }
    const stored = await world.sql<{ role: string; locked: boolean; version: number }>(
      'SELECT role, locked, version FROM app_user WHERE id = $1',
      [me.body.id],
    );
    expect(stored).toEqual([{ role: 'security_admin', locked: false, version: me.body.version }]);
  });

  it('lists users by username with cursor paging and filters', async () => {
    const first = await api.request<{ items: UserBody[]; nextCursor: string | null }>('GET', '/api/users?limit=5', {
      token: admin,
    });
    expect(first.body.items).toHaveLength(5);
    const names = first.body.items.map((u) => u.username);
    expect([...names].sort()).toEqual(names);
    const second = await api.request<{ items: UserBody[] }>(
      'GET',
      `/api/users?limit=5&cursor=${first.body.nextCursor}`,
      { token: admin },
    );
    expect((second.body.items[0]?.username ?? '') > (names[4] ?? '')).toBe(true);
    const heads = await api.request<{ items: UserBody[] }>('GET', '/api/users?role=dept_head&limit=500', {
      token: admin,
    });
    expect(heads.body.items.every((u) => u.role === 'dept_head')).toBe(true);
    expect(heads.body.items.length).toBeGreaterThanOrEqual(8);
    const search = await api.request<{ items: UserBody[] }>('GET', `/api/users?q=${encodeURIComponent('科技创新局')}`, {
      token: admin,
    });
    expect(search.body.items.map((u) => u.username).sort()).toEqual(['head.sci', 'staff.sci']);
  });
});
