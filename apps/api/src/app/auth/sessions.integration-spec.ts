import { JwtService } from '@nestjs/jwt';
import { FixedClock } from '../../core/clock';
import { type ApiInstance, TestWorld, refreshCookieOf } from '../../../test/test-app';

const SECRET = 'integration-tests-secret-0123456789abcdef';
const MINUTE = 60_000;

interface Session {
  token: string;
  cookie: string;
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

async function signInAt(api: ApiInstance, username: string): Promise<Session> {
  const result = await api.request<{ accessToken: string }>('POST', '/api/auth/login', {
    body: { username, password: 'Demo@2021' },
  });
  if (result.status !== 200) throw new Error(`sign-in of ${username}: ${result.status}`);
  return { token: result.body.accessToken, cookie: refreshCookieOf(result) ?? '' };
}

const me = (api: ApiInstance, token: string, headers: Record<string, string> = {}) =>
  api.request('GET', '/api/me', { token, headers });

const refresh = (api: ApiInstance, cookie: string) =>
  api.request<{ accessToken: string; expiresIn: number }>('POST', '/api/auth/refresh', {
    headers: { cookie: `zibo_refresh=${cookie}` },
  });

describe('Access tokens', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let session: Session;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    session = await signInAt(api, 'committee');
  });
  afterAll(() => world.close());

  const forge = (changes: Record<string, unknown>, options: { algorithm?: 'HS256' | 'HS512'; secret?: string } = {}) =>
    new JwtService({ secret: options.secret ?? SECRET }).sign(
      { ...claimsOf(session.token), ...changes },
      { algorithm: options.algorithm ?? 'HS256' },
    );

  it('accepts the token it issued, and the same claims signed again with its key (the control case)', async () => {
    expect((await me(api, session.token)).status).toBe(200);
    expect((await me(api, forge({}))).status).toBe(200);
  });

  it.each([
    ['a tampered signature', () => `${session.token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = session.token.split('.');
        const payload = Buffer.from(
          JSON.stringify({ ...claimsOf(session.token), sub: '00000000-0000-4000-8000-000000000000' }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
    ['another key', () => forge({}, { secret: 'another-secret-0123456789abcdefghijkl' })],
    ['the wrong audience', () => forge({ aud: 'zibo-supervision/sign-in/mfa' })],
    ['no audience', () => forge({ aud: undefined })],
    ['the wrong issuer', () => forge({ iss: 'someone-else' })],
    ['HS512 instead of HS256', () => forge({}, { algorithm: 'HS512' })],
    [
      'alg: none',
      () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        const payload = Buffer.from(JSON.stringify(claimsOf(session.token))).toString('base64url');
        return `${header}.${payload}.`;
      },
    ],
    [
      'an expired one',
      () => forge({ iat: Math.floor(Date.now() / 1000) - 1000, exp: Math.floor(Date.now() / 1000) - 10 }),
    ],
    ['one not valid yet (nbf)', () => forge({ nbf: Math.floor(Date.now() / 1000) + 600 })],
    ['an unknown session', () => forge({ sid: '00000000-0000-4000-8000-000000000000' })],
  ])('refuses %s with 401', async (_case, token) => {
    const result = await me(api, token());
    expect(result.status).toBe(401);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a sign-in step token (mfa, change, enrolment) on ordinary routes', async () => {
    const stepToken = new JwtService({ secret: SECRET }).sign(
      { sub: claimsOf(session.token)['sub'], sv: 1, amr: ['pwd'] },
      {
        algorithm: 'HS256',
        issuer: 'zibo-supervision',
        audience: 'zibo-supervision/sign-in/password-change',
        expiresIn: 300,
      },
    );
    expect((await me(api, stepToken)).status).toBe(401);
  });
});

describe('Refresh and sign-out', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, undefined, clock);
  });
  afterAll(() => world.close());

  it('exchanges the refresh cookie for a new access token and a new cookie, each good once', async () => {
    const first = await signInAt(api, 'head.econ');
    const rotated = await refresh(api, first.cookie);
    expect(rotated.status).toBe(200);
    expect(rotated.body.expiresIn).toBeLessThanOrEqual(900);
    const second = refreshCookieOf(rotated);
    expect(second).toBeDefined();
    expect(second).not.toBe(first.cookie);
    expect((await me(api, rotated.body.accessToken)).status).toBe(200);
    // Both tokens belong to the one session.
    expect(claimsOf(rotated.body.accessToken)['sid']).toBe(claimsOf(first.token)['sid']);
    expect((await refresh(api, second ?? '')).status).toBe(200);
  });

  it('revokes the whole session when an already used refresh token comes back, and audits it', async () => {
    const stolen = await signInAt(api, 'head.sci');
    const legitimate = await refresh(api, stolen.cookie);
    const current = refreshCookieOf(legitimate) ?? '';
    clock.set(new Date(clock.now().getTime() + 5_000));

    const replay = await refresh(api, stolen.cookie);
    expect(replay.status).toBe(401);
    // Every token of the family is dead now: the newest cookie and the access tokens too.
    expect((await refresh(api, current)).status).toBe(401);
    expect((await me(api, legitimate.body.accessToken)).status).toBe(401);
    expect((await me(api, stolen.token)).status).toBe(401);
    const events = await world.sql<{ after: { sessionId: string } }>(
      `SELECT after FROM audit_event WHERE action = 'auth.refresh_reuse'`,
    );
    expect(events.map((e) => e.after.sessionId)).toEqual([claimsOf(stolen.token)['sid']]);
  });

  it('answers two refreshes of one cookie sent together (one browser, two requests) without revoking', async () => {
    const session = await signInAt(api, 'staff.sci');
    const [a, b] = await Promise.all([refresh(api, session.cookie), refresh(api, session.cookie)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await me(api, b.body.accessToken)).status).toBe(200);
    expect((await refresh(api, refreshCookieOf(b) ?? '')).status).toBe(200);
    expect(
      await world.sql(
        `SELECT 1 FROM audit_event WHERE action = 'auth.refresh_reuse' AND entity_id = (SELECT id::text FROM app_user WHERE username = 'staff.sci')`,
      ),
    ).toHaveLength(0);
  });

  it('refuses a refresh without a cookie or with one it never issued', async () => {
    expect((await api.request('POST', '/api/auth/refresh')).status).toBe(401);
    expect((await refresh(api, 'x'.repeat(43))).status).toBe(401);
  });

  it('signs out with the bearer token: that token and the refresh cookie stop working at once', async () => {
    const session = await signInAt(api, 'head.invest');
    const result = await api.request('POST', '/api/auth/logout', { token: session.token });
    expect(result.status).toBe(204);
    expect(result.headers.getSetCookie().join()).toMatch(/zibo_refresh=;.*Expires=Thu, 01 Jan 1970/);
    expect((await me(api, session.token)).status).toBe(401);
    expect((await refresh(api, session.cookie)).status).toBe(401);
    const events = await world.sql(
      `SELECT 1 FROM audit_event WHERE action = 'auth.logout' AND after->>'sessionId' = $1`,
      [claimsOf(session.token)['sid']],
    );
    expect(events).toHaveLength(1);
  });

  it('signs out with the cookie alone (a reloaded page has no token yet), ending the access token too', async () => {
    const session = await signInAt(api, 'staff.invest');
    const result = await api.request('POST', '/api/auth/logout', {
      headers: { cookie: `zibo_refresh=${session.cookie}` },
    });
    expect(result.status).toBe(204);
    expect((await me(api, session.token)).status).toBe(401);
  });

  it('signing out of one session leaves the user’s other sessions alone; signing out twice is fine', async () => {
    const laptop = await signInAt(api, 'head.build');
    const phone = await signInAt(api, 'head.build');
    expect((await api.request('POST', '/api/auth/logout', { token: laptop.token })).status).toBe(204);
    expect((await api.request('POST', '/api/auth/logout', { token: laptop.token })).status).toBe(204);
    expect((await me(api, phone.token)).status).toBe(200);
    expect((await api.request('POST', '/api/auth/logout')).status).toBe(204);
  });
});

describe('Session limits (fake clock)', () => {
  let world: TestWorld;
  const clock = new FixedClock(new Date('2026-11-02T01:00:00Z'));
  const advance = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * MINUTE));

  beforeAll(async () => {
    world = await TestWorld.create();
  });
  afterAll(() => world.close());

  it('ends a session after the idle limit without a request the user started, while its token is still valid', async () => {
    const api = await world.api({ SESSION_IDLE_MINUTES: '5' }, undefined, clock);
    const session = await signInAt(api, 'head.econ');
    advance(4);
    expect((await me(api, session.token)).status).toBe(200);
    advance(4); // 8 minutes after sign-in, 4 after the last request
    expect((await me(api, session.token)).status).toBe(200);
    advance(6); // 14 minutes: the token lives on, the session has been idle 6 minutes
    const idle = await me(api, session.token);
    expect(idle.status).toBe(401);
    expect((await refresh(api, session.cookie)).status).toBe(401);
  });

  it('does not count background requests (X-Background: 1) as activity, nor refreshes', async () => {
    const api = await world.api({ SESSION_IDLE_MINUTES: '5' }, undefined, clock);
    let session = await signInAt(api, 'staff.econ');
    for (let round = 1; round <= 2; round++) {
      advance(2);
      const poll = await api.request('GET', '/api/notifications', {
        token: session.token,
        headers: { 'x-background': '1' },
      });
      expect(poll.status).toBe(200);
      const rotated = await refresh(api, session.cookie);
      expect(rotated.status).toBe(200);
      session = { token: rotated.body.accessToken, cookie: refreshCookieOf(rotated) ?? '' };
    }
    advance(2);
    // 6 minutes of polling and refreshing only: the user was idle.
    expect((await me(api, session.token)).status).toBe(401);
  });

  it('keeps an active session for 12 hours and no longer, refreshing every 14 minutes', async () => {
    const api = await world.api({}, undefined, clock);
    const start = clock.now().getTime();
    let session = await signInAt(api, 'committee');
    let lastStatus = 200;
    while (lastStatus === 200) {
      advance(14);
      const rotated = await refresh(api, session.cookie);
      lastStatus = rotated.status;
      if (rotated.status !== 200) break;
      session = { token: rotated.body.accessToken, cookie: refreshCookieOf(rotated) ?? '' };
      // The token never outlives the session.
      expect(Number(claimsOf(session.token)['exp']) * 1000).toBeLessThanOrEqual(start + 12 * 60 * MINUTE);
      expect((await me(api, session.token)).status).toBe(200);
    }
    const ended = clock.now().getTime() - start;
    expect(ended).toBeGreaterThan(12 * 60 * MINUTE);
    expect(ended).toBeLessThanOrEqual(12 * 60 * MINUTE + 14 * MINUTE);
  });

  it('honours SESSION_ABSOLUTE_HOURS', async () => {
    const api = await world.api({ SESSION_ABSOLUTE_HOURS: '1', SESSION_IDLE_MINUTES: '120' }, undefined, clock);
    const session = await signInAt(api, 'auditor');
    advance(50);
    const rotated = await refresh(api, session.cookie);
    expect(rotated.status).toBe(200);
    // 10 minutes left: the new token ends with the session, not 15 minutes later.
    expect(rotated.body.expiresIn).toBe(600);
    advance(11);
    expect((await me(api, rotated.body.accessToken)).status).toBe(401);
    expect((await refresh(api, refreshCookieOf(rotated) ?? '')).status).toBe(401);
  });
});
