import { hash } from '@node-rs/argon2';
import { FixedClock } from '../../core/clock';
import { createAccount, login, strongPassword } from '../../../test/accounts';
import { type ApiInstance, TestWorld, departmentIds, signIn, uniqueName } from '../../../test/test-app';

interface Problem {
  errors?: { field: string; code: string }[];
}

describe('Passwords', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let econ: string;
  const clock = new FixedClock(new Date('2026-11-02T03:00:00Z'));

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api({}, undefined, clock);
    econ = (await departmentIds(world))['econ'] ?? '';
  });
  afterAll(() => world.close());

  const changeOwn = (token: string, body: Record<string, unknown>) =>
    api.request<Problem & Record<string, unknown>>('PUT', '/api/me/password', { token, body });

  describe('forced change of a password an administrator set', () => {
    it('demands a new password at the first sign-in, then signs in with it', async () => {
      const account = await createAccount(api, 'dept_staff', econ);
      const first = await login(api, account.username, account.password);
      expect(first.body).toEqual({ passwordChangeRequired: true, changeToken: expect.any(String), reason: 'initial' });
      const changeToken = String(first.body['changeToken']);
      // The change token is good for the change only.
      expect((await api.request('GET', '/api/me', { token: changeToken })).status).toBe(401);
      expect((await api.request('POST', '/api/me/mfa/totp', { token: changeToken })).status).toBe(401);

      const password = strongPassword();
      const changed = await changeOwn(changeToken, { newPassword: password });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ accessToken: expect.any(String), user: { username: account.username } });
      expect((await api.request('GET', '/api/me', { token: String(changed.body['accessToken']) })).status).toBe(200);
      // Spent: the token cannot change the password a second time.
      expect((await changeOwn(changeToken, { newPassword: strongPassword() })).status).toBe(401);
      expect((await login(api, account.username, account.password)).status).toBe(401);
      expect((await login(api, account.username, password)).body).toMatchObject({ accessToken: expect.any(String) });
    });

    it('after an administrator’s reset, the user must change it again', async () => {
      const account = await createAccount(api, 'dept_head', econ);
      const first = await login(api, account.username, account.password);
      const password = strongPassword();
      await changeOwn(String(first.body['changeToken']), { newPassword: password });
      const admin = await signIn(api, 'admin');
      const current = await api.request<{ version: number }>('GET', `/api/users/${account.id}`, { token: admin });
      const reset = strongPassword();
      const patched = await api.request('PATCH', `/api/users/${account.id}`, {
        token: admin,
        body: { password: reset },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      expect(patched.status).toBe(200);
      expect((await login(api, account.username, reset)).body).toMatchObject({
        passwordChangeRequired: true,
        reason: 'initial',
      });
    });

    it('demands a change of a password older than PASSWORD_MAX_AGE_DAYS', async () => {
      const aging = await world.api({ PASSWORD_MAX_AGE_DAYS: '90' }, undefined, clock);
      const account = await createAccount(aging, 'dept_staff', econ);
      const first = await login(aging, account.username, account.password);
      const password = strongPassword();
      await aging.request('PUT', '/api/me/password', {
        token: String(first.body['changeToken']),
        body: { newPassword: password },
      });
      clock.set(new Date(clock.now().getTime() + 89 * 86_400_000));
      expect((await login(aging, account.username, password)).body).toMatchObject({ accessToken: expect.any(String) });
      clock.set(new Date(clock.now().getTime() + 2 * 86_400_000));
      const expired = await login(aging, account.username, password);
      expect(expired.body).toMatchObject({ passwordChangeRequired: true, reason: 'expired' });
      await aging.request('PUT', '/api/me/password', {
        token: String(expired.body['changeToken']),
        body: { newPassword: strongPassword() },
      });
      const events = await world.sql<{ after: { reason: string } }>(
        `SELECT after FROM audit_event WHERE action = 'auth.password_change' AND entity_id = $1 ORDER BY seq`,
        [account.id],
      );
      expect(events.map((e) => e.after.reason)).toEqual(['initial', 'expired']);
    });

    it('demands a change of a password that no longer meets the rules (set before them)', async () => {
      const username = uniqueName('old.');
      await world.sql(
        `INSERT INTO app_user (username, display_name, role, department_id, password_hash) VALUES ($1, '老用户', 'dept_staff', $2, $3)`,
        [username, econ, await hash('short1', { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 })],
      );
      expect((await login(api, username, 'short1')).body).toMatchObject({
        passwordChangeRequired: true,
        reason: 'policy',
      });
    });

    it('keeps the demo password of the demo accounts while demo data is on', async () => {
      expect((await login(api, 'staff.econ', 'Demo@2021')).body).toMatchObject({ accessToken: expect.any(String) });
      const production = await world.api({ DEMO_DATA: 'false' }, undefined, clock);
      expect((await login(production, 'staff.econ', 'Demo@2021')).body).toMatchObject({
        passwordChangeRequired: true,
      });
    });
  });

  describe('rules for a new password (ASVS 5.0: length, the common list, the username; no composition rules)', () => {
    let token: string;
    let username: string;

    beforeAll(async () => {
      const account = await createAccount(api, 'dept_staff', econ);
      const first = await login(api, account.username, account.password);
      username = account.username;
      const password = strongPassword();
      const changed = await changeOwn(String(first.body['changeToken']), { newPassword: password });
      token = String(changed.body['accessToken']);
      // Keep one current password for the table below.
      await world.sql(`UPDATE app_user SET password_hash = $2 WHERE username = $1`, [
        username,
        await hash('Current-password-2021', { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
      ]);
    });

    it.each([
      ['11 characters', 'abcdefghijk', 400, 'too_small'],
      ['on the common password list', 'qwertyuiop123', 422, 'common_password'],
      ['on the list in capitals', 'QWERTYUIOP123', 422, 'common_password'],
      ['the username inside', () => `x-${username.toUpperCase()}-y`, 422, 'contains_username'],
      ['the current password', 'Current-password-2021', 422, 'same_as_current'],
      ['twelve lower-case letters', 'lanterncrane', 204, null],
    ] as const)('%s', async (_case, newPassword, status, code) => {
      const result = await changeOwn(token, {
        currentPassword: 'Current-password-2021',
        newPassword: typeof newPassword === 'function' ? newPassword() : newPassword,
      });
      expect(result.status).toBe(status);
      if (code) expect(result.body.errors?.[0]).toMatchObject({ field: 'newPassword', code });
    });

    it('applies the same rules to a password an administrator sets', async () => {
      const admin = await signIn(api, 'admin');
      const common = await api.request<Problem>('POST', '/api/users', {
        token: admin,
        body: {
          username: uniqueName('c.'),
          displayName: '甲',
          role: 'dept_staff',
          departmentId: econ,
          password: 'password1234',
        },
      });
      expect(common.status).toBe(422);
      expect(common.body.errors?.[0]).toMatchObject({ field: 'password', code: 'common_password' });
      const named = uniqueName('named.');
      const own = await api.request<Problem>('POST', '/api/users', {
        token: admin,
        body: {
          username: named,
          displayName: '乙',
          role: 'dept_staff',
          departmentId: econ,
          password: `${named}-secret`,
        },
      });
      expect(own.body.errors?.[0]).toMatchObject({ field: 'password', code: 'contains_username' });
    });
  });

  describe('changing one’s own password while signed in', () => {
    it('needs the current password, ends the other sessions and keeps this one', async () => {
      const account = await createAccount(api, 'dept_staff', econ);
      const first = await login(api, account.username, account.password);
      const password = strongPassword();
      const changed = await changeOwn(String(first.body['changeToken']), { newPassword: password });
      const here = String(changed.body['accessToken']);
      const elsewhere = String((await login(api, account.username, password)).body['accessToken']);

      const missing = await changeOwn(here, { newPassword: strongPassword() });
      expect(missing.status).toBe(400);
      expect(missing.body.errors?.[0]).toMatchObject({ field: 'currentPassword', code: 'required' });
      const wrong = await changeOwn(here, { currentPassword: 'not-my-password', newPassword: strongPassword() });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors?.[0]).toMatchObject({ field: 'currentPassword', code: 'wrong_password' });

      const next = strongPassword();
      const done = await changeOwn(here, { currentPassword: password, newPassword: next });
      expect(done.status).toBe(204);
      expect((await api.request('GET', '/api/me', { token: here })).status).toBe(200);
      expect((await api.request('GET', '/api/me', { token: elsewhere })).status).toBe(401);
      expect((await login(api, account.username, next)).body).toMatchObject({ accessToken: expect.any(String) });
      const events = await world.sql<{ after: { reason: string; sessionsEnded: number } }>(
        `SELECT after FROM audit_event WHERE action = 'auth.password_change' AND entity_id = $1 ORDER BY seq`,
        [account.id],
      );
      expect(events.map((e) => e.after)).toEqual([
        { reason: 'initial', sessionsEnded: 0 },
        { reason: 'self', sessionsEnded: 1 },
      ]);
    });

    it('throttles guesses of the current password like sign-ins: the 6th wrong one is a 429', async () => {
      const token = await signIn(api, 'head.ftz');
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 6; attempt++)
        statuses.push(
          (await changeOwn(token, { currentPassword: `guess-${attempt}`, newPassword: strongPassword() })).status,
        );
      expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    });
  });

  it('re-hashes on sign-in a password stored with weaker parameters', async () => {
    await world.sql(`UPDATE app_user SET password_hash = $2 WHERE username = $1`, [
      'staff.ftz',
      await hash('Demo@2021', { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 }),
    ]);
    expect((await login(api, 'staff.ftz', 'Demo@2021')).status).toBe(200);
    const [row] = await world.sql<{ password_hash: string }>(
      `SELECT password_hash FROM app_user WHERE username = 'staff.ftz'`,
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(api, 'staff.ftz', 'Demo@2021')).status).toBe(200);
  });
});
