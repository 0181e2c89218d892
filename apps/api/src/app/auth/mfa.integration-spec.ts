import { FixedClock } from '../../core/clock';
import { type Account, createAccount, enrol, login, strongPassword, totpAt } from '../../../test/accounts';
import { type ApiInstance, TestWorld, refreshCookieOf, signIn } from '../../../test/test-app';

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('Second factor (TOTP)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const clock = new FixedClock(new Date('2026-11-02T02:00:00Z'));
  const tick = (seconds = 30) => clock.set(new Date(clock.now().getTime() + seconds * 1000));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, undefined, clock);
  });
  afterAll(() => world.close());

  /** A committee member created by the admin, taken through the forced change and enrolment. */
  async function enrolledCommitteeMember(): Promise<Account & { secret: string; recoveryCodes: string[] }> {
    const account = await createAccount(api, 'committee');
    const first = await login(api, account.username, account.password);
    const changeToken = String(first.body['changeToken']);
    const password = strongPassword();
    const changed = await api.request<Record<string, unknown>>('PUT', '/api/me/password', {
      token: changeToken,
      body: { newPassword: password },
    });
    const { secret, confirmation } = await enrol(api, String(changed.body['enrolToken']), clock);
    tick();
    return { ...account, password, secret, recoveryCodes: confirmation.body.recoveryCodes };
  }

  it('takes a new committee member through password change, then enrolment, then into a session', async () => {
    const account = await createAccount(api, 'committee');
    const first = await login(api, account.username, account.password);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ passwordChangeRequired: true, changeToken: expect.any(String), reason: 'initial' });

    const changed = await api.request<Record<string, unknown>>('PUT', '/api/me/password', {
      token: String(first.body['changeToken']),
      body: { newPassword: strongPassword() },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ mfaEnrolmentRequired: true, enrolToken: expect.any(String) });
    const enrolToken = String(changed.body['enrolToken']);
    // The enrolment token opens the enrolment endpoints and nothing else.
    expect((await api.request('GET', '/api/me', { token: enrolToken })).status).toBe(401);
    expect((await api.request('GET', '/api/tasks', { token: enrolToken })).status).toBe(401);

    const started = await api.request<{ secret: string; otpauthUrl: string; qrCode: string }>(
      'POST',
      '/api/me/mfa/totp',
      { token: enrolToken },
    );
    expect(started.status).toBe(200);
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]{32}&/);
    expect(started.body.otpauthUrl).toContain(encodeURIComponent(account.username));
    expect(started.body.qrCode).toMatch(/^data:image\/png;base64,/);

    const wrong = await api.request<{ errors: { field: string; code: string }[] }>('POST', '/api/me/mfa/totp/confirm', {
      token: enrolToken,
      body: { code: '000000' === (await totpAt(started.body.secret, clock)) ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'code', code: 'invalid_code' });

    const confirmed = await api.request<Record<string, unknown> & { recoveryCodes: string[] }>(
      'POST',
      '/api/me/mfa/totp/confirm',
      { token: enrolToken, body: { code: await totpAt(started.body.secret, clock) } },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    for (const code of confirmed.body.recoveryCodes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(confirmed.body).toMatchObject({ accessToken: expect.any(String), expiresIn: 900 });
    expect(refreshCookieOf(confirmed)).toBeDefined();
    expect(claimsOf(String(confirmed.body['accessToken']))['amr']).toEqual(['pwd', 'otp', 'mfa']);
    const me = await api.request<{ mfa: unknown }>('GET', '/api/me', { token: String(confirmed.body['accessToken']) });
    expect(me.body.mfa).toEqual({ enabled: true, required: true });
    // The enrolment token is spent once the second factor exists.
    expect((await api.request('POST', '/api/me/mfa/totp', { token: enrolToken })).status).toBe(401);

    const actions = await world.sql<{ action: string; after: Record<string, unknown> }>(
      `SELECT action, after FROM audit_event WHERE entity_id = $1 AND action LIKE 'auth.%' ORDER BY seq`,
      [account.id],
    );
    expect(actions.map((a) => a.action)).toEqual(['auth.password_change', 'auth.mfa_enrol', 'auth.login']);
    expect(actions[0]?.after['reason']).toBe('initial');
  });

  it('keeps the secret sealed and the recovery codes hashed in the database', async () => {
    const account = await enrolledCommitteeMember();
    const [row] = await world.sql<{ totp_secret: string }>('SELECT totp_secret FROM app_user WHERE id = $1', [
      account.id,
    ]);
    expect(row?.totp_secret).toMatch(/^v1\./);
    expect(row?.totp_secret).not.toContain(account.secret);
    const hashes = await world.sql<{ code_hash: string }>(
      'SELECT code_hash FROM mfa_recovery_code WHERE user_id = $1',
      [account.id],
    );
    expect(hashes).toHaveLength(10);
    const stored = hashes.map((h) => h.code_hash).join();
    for (const code of account.recoveryCodes) expect(stored).not.toContain(code.replace('-', ''));
  });

  it('asks an enrolled user for a code after the password; the right code gives the session, the same code twice does not', async () => {
    const account = await enrolledCommitteeMember();
    const first = await login(api, account.username, account.password);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    // The mfa token alone opens nothing.
    expect((await api.request('GET', '/api/me', { token: String(first.body['mfaToken']) })).status).toBe(401);
    const code = await totpAt(account.secret, clock);
    const signedIn = await api.request<Record<string, unknown>>('POST', '/api/auth/login/mfa', {
      body: { mfaToken: first.body['mfaToken'], code },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ accessToken: expect.any(String), user: { username: account.username } });

    // The same code again, within its 30 seconds: refused as a replay.
    const again = await login(api, account.username, account.password);
    const replay = await api.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: again.body['mfaToken'], code },
    });
    expect(replay.status).toBe(401);
    // The next code works.
    tick();
    const next = await api.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: again.body['mfaToken'], code: await totpAt(account.secret, clock) },
    });
    expect(next.status).toBe(200);
    const events = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 AND action IN ('auth.mfa_verified', 'auth.mfa_failed') ORDER BY seq`,
      [account.id],
    );
    expect(events.map((e) => e.action)).toEqual(['auth.mfa_verified', 'auth.mfa_failed', 'auth.mfa_verified']);
  });

  it('accepts each recovery code once, in any case and with or without the dash', async () => {
    const account = await enrolledCommitteeMember();
    const [code] = account.recoveryCodes;
    const challenge = await login(api, account.username, account.password);
    const used = await api.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: challenge.body['mfaToken'], code: ` ${code?.toLowerCase().replace('-', ' ')} ` },
    });
    expect(used.status).toBe(200);
    const again = await login(api, account.username, account.password);
    const reused = await api.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: again.body['mfaToken'], code },
    });
    expect(reused.status).toBe(401);
    const events = await world.sql<{ after: { remaining: number } }>(
      `SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'auth.recovery_code_used'`,
      [account.id],
    );
    expect(events.map((e) => e.after.remaining)).toEqual([9]);
  });

  it('counts wrong codes like wrong passwords: the 6th locks the pair, even a right code then', async () => {
    const account = await enrolledCommitteeMember();
    const challenge = await login(api, account.username, account.password);
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const result = await api.request('POST', '/api/auth/login/mfa', {
        body: { mfaToken: challenge.body['mfaToken'], code: String(100000 + attempt) },
      });
      statuses.push(result.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await api.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: challenge.body['mfaToken'], code: await totpAt(account.secret, clock) },
    });
    expect(right.status).toBe(429);
    expect((await login(api, account.username, account.password)).status).toBe(429);
  });

  it('refuses a code given after the 5 minutes of the mfa token, and counts it', async () => {
    const account = await enrolledCommitteeMember();
    const challenge = await login(api, account.username, account.password);
    tick(5 * 60 + 1);
    const late = await api.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: challenge.body['mfaToken'], code: await totpAt(account.secret, clock) },
    });
    expect(late.status).toBe(401);
    const failures = await world.sql(
      `SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'auth.mfa_failed' AND after->>'expired' = 'true'`,
      [account.id],
    );
    expect(failures).toHaveLength(1);
    expect(
      (await api.request('POST', '/api/auth/login/mfa', { body: { mfaToken: 'not-a-token', code: '123456' } })).status,
    ).toBe(401);
  });

  it('lets a department user enrol from their session and turn it off again with a code', async () => {
    const token = await signIn(api, 'head.party');
    const { secret, confirmation } = await enrol(api, token, clock);
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toEqual({ recoveryCodes: expect.any(Array) });
    expect((await api.request('POST', '/api/me/mfa/totp', { token })).status).toBe(409);
    tick();
    const wrong = await api.request('POST', '/api/me/mfa/totp/disable', { token, body: { code: '12345' } });
    expect(wrong.status).toBe(422);
    const off = await api.request('POST', '/api/me/mfa/totp/disable', {
      token,
      body: { code: await totpAt(secret, clock) },
    });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ enabled: false, required: false });
    expect((await login(api, 'head.party', 'Demo@2021')).body).toMatchObject({ accessToken: expect.any(String) });
    const actions = await world.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE action IN ('auth.mfa_enrol', 'auth.mfa_disable') AND entity_id = (SELECT id::text FROM app_user WHERE username = 'head.party') ORDER BY seq`,
    );
    expect(actions.map((a) => a.action)).toEqual(['auth.mfa_enrol', 'auth.mfa_disable']);
  });

  it('refuses to turn the second factor off where the role requires one (403)', async () => {
    const account = await enrolledCommitteeMember();
    const challenge = await login(api, account.username, account.password);
    const session = await api.request<{ accessToken: string }>('POST', '/api/auth/login/mfa', {
      body: { mfaToken: challenge.body['mfaToken'], code: await totpAt(account.secret, clock) },
    });
    tick();
    const refused = await api.request('POST', '/api/me/mfa/totp/disable', {
      token: session.body.accessToken,
      body: { code: await totpAt(account.secret, clock) },
    });
    expect(refused.status).toBe(403);
  });

  it('still asks an enrolled demo account for its code while demo data is on', async () => {
    const token = await signIn(api, 'staff.party');
    const { secret } = await enrol(api, token, clock);
    tick();
    const challenge = await login(api, 'staff.party', 'Demo@2021');
    expect(challenge.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    const session = await api.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: challenge.body['mfaToken'], code: await totpAt(secret, clock) },
    });
    expect(session.status).toBe(200);
  });

  it('exempts the demo administrators from MFA only while demo data is on', async () => {
    expect((await login(api, 'auditor', 'Demo@2021')).body).toMatchObject({ accessToken: expect.any(String) });
    const production = await world.api({ DEMO_DATA: 'false' }, undefined, clock);
    const first = await login(production, 'auditor', 'Demo@2021');
    // Without demo data the seeded account is an ordinary one: its (administrator-set, short) password goes first.
    expect(first.body).toMatchObject({ passwordChangeRequired: true, reason: 'initial' });
    const changed = await production.request('PUT', '/api/me/password', {
      token: String(first.body['changeToken']),
      body: { newPassword: strongPassword() },
    });
    expect(changed.body).toEqual({ mfaEnrolmentRequired: true, enrolToken: expect.any(String) });
    const policy = await production.request('GET', '/api/auth/policy');
    expect(policy.body).toMatchObject({ demoAccountsExempt: false, passwordMinLength: 12 });
  });

  describe('reset by the security administrator', () => {
    it('removes the factor and ends the sessions; the user enrols again at the next sign-in', async () => {
      const account = await enrolledCommitteeMember();
      const challenge = await login(api, account.username, account.password);
      const session = await api.request<{ accessToken: string }>('POST', '/api/auth/login/mfa', {
        body: { mfaToken: challenge.body['mfaToken'], code: await totpAt(account.secret, clock) },
      });
      const securityAdmin = await signIn(api, 'secadmin');
      const reset = await api.request('POST', `/api/users/${account.id}/mfa/reset`, { token: securityAdmin });
      expect(reset.status).toBe(200);
      expect(reset.body).toEqual({ enabled: false, required: true });
      expect((await api.request('GET', '/api/me', { token: session.body.accessToken })).status).toBe(401);
      expect((await login(api, account.username, account.password)).body).toEqual({
        mfaEnrolmentRequired: true,
        enrolToken: expect.any(String),
      });
      const events = await world.sql<{ actor_role: string }>(
        `SELECT actor_role FROM audit_event WHERE action = 'auth.mfa_reset' AND entity_id = $1`,
        [account.id],
      );
      expect(events).toEqual([{ actor_role: 'security_admin' }]);
    });

    it('is refused for one’s own account (422), for other roles (403), for an unknown user (404)', async () => {
      const securityAdmin = await signIn(api, 'secadmin');
      const me = await api.request<{ id: string }>('GET', '/api/me', { token: securityAdmin });
      const reset = (token: string, id = me.body.id) =>
        api.request('POST', `/api/users/${id}/mfa/reset`, { token }).then((r) => r.status);
      expect(await reset(securityAdmin)).toBe(422);
      // 三员分立: the system administrator manages accounts but not their second factor.
      expect(await reset(await signIn(api, 'admin'))).toBe(403);
      const committee = await signIn(api, 'committee');
      expect((await api.request('POST', `/api/users/${me.body.id}/mfa/reset`, { token: committee })).status).toBe(404);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(await reset(securityAdmin, unknown)).toBe(404);
      const headToken = await signIn(api, 'head.econ');
      const self = await api.request<{ id: string }>('GET', '/api/me', { token: headToken });
      expect((await api.request('POST', `/api/users/${self.body.id}/mfa/reset`, { token: headToken })).status).toBe(
        403,
      );
    });
  });
});
