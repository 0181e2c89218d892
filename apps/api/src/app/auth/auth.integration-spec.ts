import { type ApiInstance, TestWorld, signIn } from '../../../test/test-app';

describe('Sign-in', () => {
  let world: TestWorld;
  let api: ApiInstance;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
  });
  afterAll(() => world.close());

  const login = (username: string, password: string, instance = api) =>
    instance.request<Record<string, unknown>>('POST', '/api/auth/login', { body: { username, password } });

  it('returns a bearer token and the user for a demo account', async () => {
    const result = await login('head.econ', 'Demo@2021');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      accessToken: expect.any(String),
      user: {
        username: 'head.econ',
        role: 'dept_head',
        departmentId: expect.any(String),
        displayName: '经济发展局负责人',
      },
    });
    const me = await api.request<Record<string, unknown>>('GET', '/api/me', {
      token: result.body['accessToken'] as string,
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'head.econ',
      department: { code: 'econ', name: '经济发展局' },
      calendar: { timeZone: 'Asia/Shanghai', reportDueDay: 5, today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    expect((await login('  HEAD.SCI ', 'Demo@2021')).status).toBe(200);
  });

  it('answers 401 with a problem body for a wrong password, and records the failure in the audit log', async () => {
    const result = await login('staff.sci', 'wrong-password');
    expect(result.status).toBe(401);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body).toMatchObject({
      status: 401,
      title: expect.any(String),
      detail: 'Wrong username or password.',
    });
    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE action = 'auth.login_failed' AND after->>'username' = 'staff.sci'`,
    );
    expect(events).toHaveLength(1);
  });

  it('locks a name on the 6th failure within 15 minutes, even against the right password, with Retry-After', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++)
      statuses.push((await login('head.build', `wrong-${attempt}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

    const locked = await login('head.build', 'Demo@2021');
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // Another user is unaffected.
    expect((await login('head.ftz', 'Demo@2021')).status).toBe(200);
  });

  it('treats unknown usernames exactly like real ones', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt++) statuses.push((await login('nobody.here', 'whatever1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('shares the lock between api processes (kept in the database)', async () => {
    const other = await world.api();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      statuses.push((await login('head.social', 'bad-password', attempt % 2 ? api : other)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await login('head.social', 'Demo@2021', other)).status).toBe(429);
  });

  it('counts concurrent failures without losing any', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => login('staff.party', 'bad-password')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });

  it('lets the lock expire after 15 minutes', async () => {
    for (let attempt = 1; attempt <= 6; attempt++) await login('staff.invest', 'bad-password');
    expect((await login('staff.invest', 'Demo@2021')).status).toBe(429);
    await world.sql(
      `UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE username = 'staff.invest'`,
    );
    expect((await login('staff.invest', 'Demo@2021')).status).toBe(200);
  });

  it('stores passwords as argon2id hashes', async () => {
    const rows = await world.sql<{ password_hash: string }>(
      `SELECT password_hash FROM app_user WHERE username = 'admin'`,
    );
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('rejects requests without a valid token with 401', async () => {
    expect((await api.request('GET', '/api/me')).status).toBe(401);
    expect((await api.request('GET', '/api/me', { token: 'not-a-token' })).status).toBe(401);
    const forged = await signIn(api, 'committee');
    const [header, payload] = forged.split('.');
    const tampered = `${header}.${payload}.${'A'.repeat(43)}`;
    expect((await api.request('GET', '/api/me', { token: tampered })).status).toBe(401);
  });

  it('remembers the language preference of each user', async () => {
    const token = await signIn(api, 'staff.econ');
    const patched = await api.request<{ language: string }>('PATCH', '/api/me', { token, body: { language: 'en' } });
    expect(patched.status).toBe(200);
    expect(patched.body.language).toBe('en');
    const again = await signIn(api, 'staff.econ');
    const me = await api.request<{ language: string }>('GET', '/api/me', { token: again });
    expect(me.body.language).toBe('en');
    const invalid = await api.request('PATCH', '/api/me', { token, body: { language: 'fr' } });
    expect(invalid.status).toBe(400);
  });
});
