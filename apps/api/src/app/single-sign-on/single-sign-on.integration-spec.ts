import { type ApiInstance, TestWorld, departmentIds, signIn } from '../../../test/test-app';
import { enrol } from '../../../test/accounts';
import {
  CookieJar,
  LocalOidcProvider,
  type ProviderAccount,
  type TamperMode,
  browse,
  signInAtProvider,
} from '../../../test/local-oidc-provider';

const CLIENT_ID = 'zibo-supervision';
// The provider redirects the browser here; the test replays that request against the api's real port.
const REDIRECT_URI = 'http://127.0.0.1:9/api/auth/oidc/callback';
const WEB = 'http://web.test/';

const ACCOUNTS: ProviderAccount[] = [
  {
    sub: 'sub-zhang',
    username: 'zhang.wei',
    password: 'provider-pass-1',
    claims: { name: '张伟', preferred_username: 'zhang.wei', department: 'zone-econ' },
  },
  {
    sub: 'sub-li',
    username: 'li.na',
    password: 'provider-pass-2',
    otp: '424242',
    claims: { name: '李娜', preferred_username: 'li.na', department: 'zone-committee' },
  },
  {
    sub: 'sub-zhao',
    username: 'zhao.lei',
    password: 'provider-pass-3',
    claims: { name: '赵磊', preferred_username: 'zhao.lei', department: 'somewhere-unmapped' },
  },
  {
    // The same name as the seeded local account: the provider must not take it over.
    sub: 'sub-admin-lookalike',
    username: 'admin',
    password: 'provider-pass-4',
    claims: { name: 'Not the admin', preferred_username: 'admin', department: 'zone-econ' },
  },
];

describe('Single sign-on (OpenID Connect, against a real provider on loopback)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let provider: LocalOidcProvider;
  let secadmin: string;
  let departments: Record<string, string>;

  beforeAll(async () => {
    provider = await LocalOidcProvider.start({ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], accounts: ACCOUNTS });
    world = await TestWorld.create();
    api = await world.api({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_CLAIM: 'department',
      OIDC_POST_LOGIN_URL: WEB,
      COOKIE_SECURE: 'false',
    });
    departments = await departmentIds(world);
    secadmin = await signIn(api, 'secadmin');
    for (const body of [
      { claimValue: 'zone-econ', role: 'dept_staff', departmentId: departments['econ'] },
      { claimValue: 'zone-committee', role: 'committee' },
    ]) {
      const created = await api.request('POST', '/api/oidc-mappings', { token: secadmin, body });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    await world.close();
    await provider.stop();
  });

  const lastSeq = async () =>
    Number((await world.sql<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM audit_event'))[0]?.seq);
  const eventsSince = (seq: number) =>
    world.sql<{ action: string; after: Record<string, unknown> | null; entity_id: string | null }>(
      'SELECT action, after, entity_id FROM audit_event WHERE seq > $1 ORDER BY seq',
      [seq],
    );

  /** The browser's journey: the api's start, the provider's pages, back to the api's callback. */
  async function ssoSignIn(
    login: { username: string; password: string; otp?: string },
    options: { tamper?: TamperMode; alterCallback?: (url: URL) => void } = {},
  ) {
    const jar = new CookieJar();
    const start = await browse(jar, `${api.baseUrl}/api/auth/oidc/login`);
    expect(start.status).toBe(302);
    const atProvider = await signInAtProvider(jar, start.headers.get('location') ?? '', login, REDIRECT_URI);
    if (options.tamper) await provider.tamperNextIdToken(options.tamper);
    const returned = new URL(atProvider);
    options.alterCallback?.(returned);
    const callback = await browse(jar, `${api.baseUrl}${returned.pathname}${returned.search}`);
    return { start, callback, location: callback.headers.get('location') ?? '', jar };
  }

  /** The web app's first request after the callback: a session from the refresh cookie. */
  async function refreshInto(jar: CookieJar) {
    const refreshed = await browse(jar, `${api.baseUrl}/api/auth/refresh`, { method: 'POST' });
    const body = (await refreshed.json()) as { accessToken?: string; user?: { username: string; role: string } };
    return { status: refreshed.status, body };
  }

  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

  it('says whether single sign-on is on (off unless configured)', async () => {
    expect((await api.request('GET', '/api/auth/oidc/config')).body).toEqual({ enabled: true });
    const plain = await world.api();
    expect((await plain.request('GET', '/api/auth/oidc/config')).body).toEqual({ enabled: false });
    expect((await plain.request('GET', '/api/auth/oidc/login')).status).toBe(404);
    await plain.close();
  });

  it('starts with a redirect to the provider carrying state, nonce and a PKCE S256 challenge, kept in a Lax cookie', async () => {
    const start = await fetch(`${api.baseUrl}/api/auth/oidc/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const target = new URL(start.headers.get('location') ?? '');
    expect(target.origin).toBe(provider.issuer);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[\w-]{32,}$/),
      nonce: expect.stringMatching(/^[\w-]{32,}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(target.searchParams.get('scope')?.split(' ')).toContain('openid');
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('zibo_oidc='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
    // The verifier is not readable from the cookie's name or the URL: only its challenge left the api.
    expect(start.headers.get('location')).not.toContain('code_verifier');
  });

  it('provisions a department user from the mapped claim, signs them in and links later sign-ins by sub', async () => {
    const seq = await lastSeq();
    const first = await ssoSignIn({ username: 'zhang.wei', password: 'provider-pass-1' });
    expect(first.callback.status).toBe(302);
    expect(first.location).toBe(WEB);
    expect(first.callback.headers.getSetCookie().some((c) => /^zibo_refresh=.+SameSite=Strict/i.test(c))).toBe(true);
    // The state cookie is used once.
    expect(first.callback.headers.getSetCookie().some((c) => /^zibo_oidc=;/.test(c))).toBe(true);

    const session = await refreshInto(first.jar);
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ username: 'zhang.wei', role: 'dept_staff' });
    expect(claimsOf(session.body.accessToken ?? '')['amr']).toEqual(['oidc']);
    const me = await api.request<{ department: { id: string } | null }>('GET', '/api/me', {
      token: session.body.accessToken,
    });
    expect(me.body.department?.id).toBe(departments['econ']);

    const events = await eventsSince(seq);
    expect(events.map((e) => e.action)).toEqual(['user.provision_oidc', 'auth.oidc_verified', 'auth.login']);
    expect(events[0]?.after).toMatchObject({ username: 'zhang.wei', role: 'dept_staff', claimValue: 'zone-econ' });

    const again = await ssoSignIn({ username: 'zhang.wei', password: 'provider-pass-1' });
    expect(again.location).toBe(WEB);
    const rows = await world.sql('SELECT id FROM app_user WHERE oidc_subject = $1', ['sub-zhang']);
    expect(rows).toHaveLength(1);
  });

  it('never takes over a local account of the same name: the provider account gets its own', async () => {
    const result = await ssoSignIn({ username: 'admin', password: 'provider-pass-4' });
    expect(result.location).toBe(WEB);
    const session = await refreshInto(result.jar);
    expect(session.body.user?.username).toMatch(/^admin-[0-9a-f]{8}$/);
    expect(session.body.user?.role).toBe('dept_staff');
    const [local] = await world.sql<{ oidc_subject: string | null }>(
      `SELECT oidc_subject FROM app_user WHERE username = 'admin'`,
    );
    expect(local?.oidc_subject).toBeNull();
  });

  it('lets a second factor at the provider (amr otp/mfa) satisfy the MFA rule of a role that requires it', async () => {
    const result = await ssoSignIn({ username: 'li.na', password: 'provider-pass-2', otp: '424242' });
    expect(result.location).toBe(WEB);
    const session = await refreshInto(result.jar);
    expect(session.body.user).toMatchObject({ username: 'li.na', role: 'committee' });
    expect(claimsOf(session.body.accessToken ?? '')['amr']).toEqual(['oidc', 'mfa']);
  });

  it('without a second factor at the provider, the role’s own enrolment follows before any session', async () => {
    const result = await ssoSignIn({ username: 'li.na', password: 'provider-pass-2' });
    expect(result.location).toMatch(new RegExp(`^${WEB}login\\?sso=continue#enrolToken=`));
    expect(result.callback.headers.getSetCookie().some((c) => c.startsWith('zibo_refresh='))).toBe(false);
    const enrolToken = decodeURIComponent(result.location.split('#enrolToken=')[1] ?? '');
    // The step token opens enrolment and nothing else.
    expect((await api.request('GET', '/api/me', { token: enrolToken })).status).toBe(401);
    const { confirmation } = await enrol(api, enrolToken);
    expect(confirmation.status).toBe(200);

    // Enrolled now: a provider sign-in without a second factor asks for the account's own code.
    const next = await ssoSignIn({ username: 'li.na', password: 'provider-pass-2' });
    expect(next.location).toMatch(new RegExp(`^${WEB}login\\?sso=continue#mfaToken=`));
  });

  it.each<[string, TamperMode]>([
    ['a changed claim under the original signature', 'signature'],
    ['a nonce of another sign-in', 'nonce'],
    ['another audience', 'audience'],
    ['an expired ID token', 'expired'],
  ])('refuses %s, back to the sign-in page, audited', async (_label, mode) => {
    const seq = await lastSeq();
    const result = await ssoSignIn({ username: 'zhang.wei', password: 'provider-pass-1' }, { tamper: mode });
    expect(result.location).toBe(`${WEB}login?sso=token`);
    expect(result.callback.headers.getSetCookie().some((c) => c.startsWith('zibo_refresh='))).toBe(false);
    const events = await eventsSince(seq);
    expect(events.map((e) => e.action)).toEqual(['auth.oidc_failed']);
    expect(events[0]?.after).toMatchObject({ reason: 'token' });
  });

  it('refuses a callback whose state is not the pending one, or without the pending cookie', async () => {
    const seq = await lastSeq();
    const wrong = await ssoSignIn(
      { username: 'zhang.wei', password: 'provider-pass-1' },
      { alterCallback: (url) => url.searchParams.set('state', 'forged-state-value') },
    );
    expect(wrong.location).toBe(`${WEB}login?sso=state`);
    const bare = await fetch(`${api.baseUrl}/api/auth/oidc/callback?code=abc&state=def`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe(`${WEB}login?sso=state`);
    const events = await eventsSince(seq);
    expect(events.map((e) => [e.action, e.after?.['reason']])).toEqual([
      ['auth.oidc_failed', 'state'],
      ['auth.oidc_failed', 'state'],
    ]);
  });

  it('reports a provider error (the user declined) as such', async () => {
    const jar = new CookieJar();
    const start = await browse(jar, `${api.baseUrl}/api/auth/oidc/login`);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const back = await browse(
      jar,
      `${api.baseUrl}/api/auth/oidc/callback?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(provider.issuer)}`,
    );
    expect(back.headers.get('location')).toBe(`${WEB}login?sso=provider`);
  });

  it('refuses a provider account whose claim maps to nothing, creating no account', async () => {
    const seq = await lastSeq();
    const result = await ssoSignIn({ username: 'zhao.lei', password: 'provider-pass-3' });
    expect(result.location).toBe(`${WEB}login?sso=unmapped`);
    expect(await world.sql('SELECT id FROM app_user WHERE oidc_subject = $1', ['sub-zhao'])).toEqual([]);
    const events = await eventsSince(seq);
    expect(events.map((e) => [e.action, e.after?.['reason']])).toEqual([['auth.oidc_failed', 'unmapped']]);
  });

  it('refuses a linked account the security administrator locked', async () => {
    const [user] = await world.sql<{ id: string }>(`SELECT id FROM app_user WHERE oidc_subject = 'sub-zhang'`);
    await world.sql('UPDATE app_user SET locked = true WHERE id = $1', [user?.id]);
    const result = await ssoSignIn({ username: 'zhang.wei', password: 'provider-pass-1' });
    expect(result.location).toBe(`${WEB}login?sso=locked`);
    await world.sql('UPDATE app_user SET locked = false WHERE id = $1', [user?.id]);
  });
});

describe('Single sign-on mapping table', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let departments: Record<string, string>;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    departments = await departmentIds(world);
    for (const username of ['secadmin', 'admin', 'auditor', 'committee', 'head.econ', 'staff.econ']) {
      tokens.set(username, await signIn(api, username));
    }
  });
  afterAll(() => world.close());

  it('is kept by the security administrator: create, read, change, remove, each audited', async () => {
    const token = tokens.get('secadmin');
    const created = await api.request<{ id: string; version: number }>('POST', '/api/oidc-mappings', {
      token,
      body: { claimValue: '/zone/sci', role: 'dept_head', departmentId: departments['sci'] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/oidc-mappings/${created.body.id}`);
    const id = created.body.id;
    expect((await api.request('GET', '/api/oidc-mappings', { token })).body).toEqual([
      {
        id,
        claimValue: '/zone/sci',
        role: 'dept_head',
        departmentId: departments['sci'],
        version: created.body.version,
      },
    ]);
    const changed = await api.request<{ role: string; version: number }>('PATCH', `/api/oidc-mappings/${id}`, {
      token,
      body: { role: 'dept_staff' },
      headers: { 'if-match': `"${created.body.version}"` },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('dept_staff');
    expect((await api.request('DELETE', `/api/oidc-mappings/${id}`, { token })).status).toBe(204);
    expect((await api.request('GET', `/api/oidc-mappings/${id}`, { token })).status).toBe(404);
    const actions = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'oidc_mapping.%' ORDER BY seq`,
      [id],
    );
    expect(actions.map((a) => a.action)).toEqual(['oidc_mapping.create', 'oidc_mapping.update', 'oidc_mapping.delete']);
  });

  it('refuses a department role without a department, an unknown department and a value mapped twice (422)', async () => {
    const token = tokens.get('secadmin');
    const noDepartment = await api.request<{ errors: { field: string }[] }>('POST', '/api/oidc-mappings', {
      token,
      body: { claimValue: 'x-staff', role: 'dept_staff' },
    });
    expect(noDepartment.status).toBe(422);
    expect(noDepartment.body.errors.map((e) => e.field)).toEqual(['departmentId']);
    const unknown = await api.request('POST', '/api/oidc-mappings', {
      token,
      body: { claimValue: 'x-staff', role: 'dept_staff', departmentId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.status).toBe(422);
    expect(
      (await api.request('POST', '/api/oidc-mappings', { token, body: { claimValue: 'auditors', role: 'auditor' } }))
        .status,
    ).toBe(201);
    expect(
      (await api.request('POST', '/api/oidc-mappings', { token, body: { claimValue: 'auditors', role: 'auditor' } }))
        .status,
    ).toBe(422);
  });

  it('is the security administrator’s alone: the other roles get 403, the anonymous 401', async () => {
    const [mapping] = (
      await api.request<{ id: string }[]>('GET', '/api/oidc-mappings', { token: tokens.get('secadmin') })
    ).body;
    for (const username of ['admin', 'auditor', 'committee', 'head.econ', 'staff.econ']) {
      const token = tokens.get(username);
      expect((await api.request('GET', '/api/oidc-mappings', { token })).status).toBe(403);
      expect(
        (await api.request('POST', '/api/oidc-mappings', { token, body: { claimValue: 'y', role: 'committee' } }))
          .status,
      ).toBe(403);
      expect((await api.request('DELETE', `/api/oidc-mappings/${mapping?.id}`, { token })).status).toBe(403);
      expect((await api.request('GET', '/api/security-policy', { token })).status).toBe(403);
    }
    expect((await api.request('GET', '/api/oidc-mappings')).status).toBe(401);
    // A mapping that does not exist is a 404 for its keeper.
    expect(
      (
        await api.request('DELETE', '/api/oidc-mappings/00000000-0000-4000-8000-000000000000', {
          token: tokens.get('secadmin'),
        })
      ).status,
    ).toBe(404);
  });

  it('shows the security administrator the policy in force, from the configuration', async () => {
    const policy = await api.request<Record<string, Record<string, unknown>>>('GET', '/api/security-policy', {
      token: tokens.get('secadmin'),
    });
    expect(policy.status).toBe(200);
    expect(policy.body['password']).toMatchObject({ minLength: 12, maxAgeDays: 0 });
    expect(policy.body['mfa']).toMatchObject({ requiredRoles: ['admin', 'security_admin', 'committee', 'auditor'] });
    expect(policy.body['session']).toMatchObject({ idleMinutes: 30, absoluteHours: 12, accessTokenMinutes: 15 });
    expect(policy.body['throttling']).toMatchObject({ pairFailures: 5, usernameFailures: 20, windowMinutes: 15 });
    expect(policy.body['singleSignOn']).toEqual({ enabled: false, issuer: null, claim: null });
  });
});
