import { generate } from 'otplib';
import type { LoginOutcome, TotpConfirmation, TotpEnrolmentView } from '@zibo/domain';
import type { Clock } from '../src/core/clock';
import { type ApiInstance, type HttpResult, signIn, uniqueName } from './test-app';

/** A password that passes the rules (12+ characters, not common, without the username). */
export const strongPassword = () => `Kite-${uniqueName('')}-lantern`;

export interface Account {
  id: string;
  username: string;
  password: string;
}

/**
 * An account as 三员分立 makes one: the system administrator creates it with a department role (so its
 * first sign-in demands a new password); for any other role the security administrator then grants it.
 */
export async function createAccount(
  api: ApiInstance,
  role: string,
  departmentId: string | null = null,
): Promise<Account> {
  const admin = await signIn(api, 'admin');
  const username = uniqueName(`${role.replace('_', '')}.`);
  const password = strongPassword();
  const departmentRole = role === 'dept_head' || role === 'dept_staff';
  const homeDepartment =
    departmentId ?? (await api.request<{ id: string }[]>('GET', '/api/departments', { token: admin })).body[0]?.id;
  const created = await api.request<{ id: string; version: number }>('POST', '/api/users', {
    token: admin,
    body: {
      username,
      displayName: '测试账号',
      role: departmentRole ? role : 'dept_staff',
      departmentId: homeDepartment,
      password,
    },
  });
  if (created.status !== 201) throw new Error(`create ${role}: ${created.status} ${JSON.stringify(created.body)}`);
  if (!departmentRole) {
    const granted = await api.request('PATCH', `/api/users/${created.body.id}`, {
      token: await signIn(api, 'secadmin'),
      body: { role },
      headers: { 'if-match': `"${created.body.version}"` },
    });
    if (granted.status !== 200) throw new Error(`grant ${role}: ${granted.status} ${JSON.stringify(granted.body)}`);
  }
  return { id: created.body.id, username, password };
}

export const login = (api: ApiInstance, username: string, password: string) =>
  api.request<LoginOutcome & Record<string, unknown>>('POST', '/api/auth/login', { body: { username, password } });

/** The TOTP code of `secret` at the api's "now". */
export const totpAt = (secret: string, clock?: Clock) =>
  generate({ secret, epoch: Math.floor((clock?.now() ?? new Date()).getTime() / 1000) });

/** Starts and confirms TOTP enrolment with the given bearer (a session or an enrolment token). */
export async function enrol(
  api: ApiInstance,
  token: string,
  clock?: Clock,
): Promise<{ secret: string; confirmation: HttpResult<TotpConfirmation> }> {
  const started = await api.request<TotpEnrolmentView>('POST', '/api/me/mfa/totp', { token });
  if (started.status !== 200) throw new Error(`enrolment: ${started.status} ${JSON.stringify(started.body)}`);
  const confirmation = await api.request<TotpConfirmation>('POST', '/api/me/mfa/totp/confirm', {
    token,
    body: { code: await totpAt(started.body.secret, clock) },
  });
  return { secret: started.body.secret, confirmation };
}

/**
 * Signs in as a user would, through every step sign-in asks for: a new password (returned) when the
 * current one must change, enrolment where the role requires a second factor. Returns the session's token.
 */
export async function sessionFor(
  api: ApiInstance,
  username: string,
  password: string,
  clock?: Clock,
): Promise<{ token: string; password: string }> {
  let current = password;
  let step = await login(api, username, password);
  for (let round = 0; round < 3; round++) {
    const body = step.body as Record<string, unknown>;
    if (typeof body['accessToken'] === 'string') return { token: body['accessToken'], password: current };
    if (typeof body['changeToken'] === 'string') {
      current = strongPassword();
      step = await api.request('PUT', '/api/me/password', {
        token: body['changeToken'],
        body: { newPassword: current },
      });
    } else if (typeof body['enrolToken'] === 'string') {
      step = (await enrol(api, body['enrolToken'], clock)).confirmation as typeof step;
    } else break;
  }
  throw new Error(`sign-in of ${username} did not end in a session: ${step.status} ${JSON.stringify(step.body)}`);
}
