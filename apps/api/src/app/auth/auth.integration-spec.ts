import { type ApiInstance, TestWorld, refreshCookieOf, signIn } from '../../../test/test-app';

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
      expiresIn: 900,
      session: { idleTimeoutSeconds: 1800, expiresAt: expect.any(String) },
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

  it('sets the refresh token as an HttpOnly, SameSite=Strict, Secure cookie for /api/auth only', async () => {
    const result = await login('head.approval', 'Demo@2021');
    const cookie = result.headers.getSetCookie().find((c) => c.startsWith('zibo_refresh='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Path=\/api\/auth/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    // It lasts as long as the session may: 12 hours.
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(12 * 3600 - 5);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    expect(refreshCookieOf(result)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The token is a JWT whose lifetime is at most 15 minutes.
    const [, payload] = String(result.body['accessToken']).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(Number(claims['exp']) - Number(claims['iat'])).toBeLessThanOrEqual(900);
    expect(claims).toMatchObject({ iss: 'zibo-supervision', aud: 'zibo-supervision/api', amr: ['pwd'] });
  });

  it('leaves Secure off the cookie only with COOKIE_SECURE=false (plain-HTTP development)', async () => {
    const plain = await world.api({ COOKIE_SECURE: 'false' });
    const result = await login('staff.approval', 'Demo@2021', plain);
    const cookie = result.headers.getSetCookie().find((c) => c.startsWith('zibo_refresh=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toMatch(/Secure/);
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
      `UPDATE login_pair_throttle SET locked_until = now() - interval '1 second' WHERE username = 'staff.invest'`,
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

describe('Sign-in throttling across addresses and api processes', () => {
  let world: TestWorld;
  let first: ApiInstance;
  let second: ApiInstance;

  beforeAll(async () => {
    world = await TestWorld.create();
    // Behind a reverse proxy the client's address comes from X-Forwarded-For.
    first = await world.api({ TRUST_PROXY: 'true', LOGIN_RATE_PER_MINUTE: '1000' });
    second = await world.api({ TRUST_PROXY: 'true', LOGIN_RATE_PER_MINUTE: '1000' });
  });
  afterAll(() => world.close());

  const from = (address: string, username: string, password: string, instance = first) =>
    instance.request<Record<string, unknown>>('POST', '/api/auth/login', {
      body: { username, password },
      headers: { 'x-forwarded-for': address },
    });

  it('locks only the (username, address) pair on its 6th failure: the user still signs in from elsewhere', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++)
      statuses.push((await from('203.0.113.7', 'head.econ', `wrong-${attempt}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await from('203.0.113.7', 'head.econ', 'Demo@2021')).status).toBe(429);
    // The real user, at their own desk, is not locked out by someone else's guesses.
    expect((await from('198.51.100.20', 'head.econ', 'Demo@2021')).status).toBe(200);
    const locks = await world.sql<{ after: { scope: string } }>(
      `SELECT after FROM audit_event WHERE action = 'auth.login_locked' AND after->>'username' = 'head.econ'`,
    );
    expect(locks.map((l) => l.after.scope)).toEqual(['pair']);
  });

  it('locks the username everywhere only after 20 failures from many addresses', async () => {
    const statuses: number[] = [];
    // Four failures from each of five addresses: no pair reaches its own limit.
    for (let address = 1; address <= 5; address++)
      for (let attempt = 1; attempt <= 4; attempt++)
        statuses.push(
          (await from(`192.0.2.${address}`, 'staff.sci', 'spray-2021', address % 2 ? first : second)).status,
        );
    expect(statuses.every((s) => s === 401)).toBe(true);
    // The 21st failure locks the name from every address, the right password included.
    expect((await from('192.0.2.99', 'staff.sci', 'spray-2021')).status).toBe(429);
    const locked = await from('198.51.100.21', 'staff.sci', 'Demo@2021', second);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  it('counts the per-address limit in the database, shared by two api processes', async () => {
    const limited = await world.api({ TRUST_PROXY: 'true', LOGIN_RATE_PER_MINUTE: '4' });
    const other = await world.api({ TRUST_PROXY: 'true', LOGIN_RATE_PER_MINUTE: '4' });
    const statuses: number[] = [];
    // Different names, so no account throttle is involved: only the address's count.
    for (let attempt = 1; attempt <= 5; attempt++)
      statuses.push(
        (await from('203.0.113.50', `spray.${attempt}`, 'whatever-2021', attempt % 2 ? limited : other)).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const refused = await from('203.0.113.50', 'head.sci', 'Demo@2021', other);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another address is not affected.
    expect((await from('203.0.113.51', 'head.sci', 'Demo@2021', limited)).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is on: then the socket address counts', async () => {
    const direct = await world.api({ LOGIN_RATE_PER_MINUTE: '1000' });
    for (let attempt = 1; attempt <= 5; attempt++)
      await from(`198.18.0.${attempt}`, 'head.invest', `wrong-${attempt}`, direct);
    // Five "different" forwarded addresses were one client: its pair is now locked.
    expect((await from('198.18.0.99', 'head.invest', 'wrong-6', direct)).status).toBe(429);
  });
});
