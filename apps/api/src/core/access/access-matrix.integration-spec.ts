import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { type ApiInstance, TestWorld, signIn, uniqueName } from '../../../test/test-app';
import { postSheet, taskRow, taskSheet } from '../../../test/task-sheets';
import { ACCESS_RULE } from './access.decorator';

type Actor = 'anonymous' | 'admin' | 'security_admin' | 'committee' | 'dept_head' | 'dept_staff' | 'auditor';
const ACTORS: Actor[] = ['anonymous', 'admin', 'security_admin', 'committee', 'dept_head', 'dept_staff', 'auditor'];
const USERNAMES: Record<Exclude<Actor, 'anonymous'>, string> = {
  admin: 'admin',
  security_admin: 'secadmin',
  committee: 'committee',
  dept_head: 'head.econ',
  dept_staff: 'staff.econ',
  auditor: 'auditor',
};

interface Context {
  ownDepartmentId: string;
  otherDepartmentId: string;
  selfUserId: (actor: Actor) => string;
  otherUserId: string;
  versionOf: (path: string) => Promise<string>;
  draftBulletinId: string;
  publishedBulletinId: string;
}

interface Case {
  endpoint: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: (ctx: Context, actor: Actor) => string;
  body?: (ctx: Context, actor: Actor) => unknown;
  ifMatch?: boolean;
  /** Sent as a multipart upload of this file (field `file`) instead of a JSON body. */
  sheet?: () => Promise<Buffer>;
  /** Expected status per actor; a missing actor answers like `others`. */
  expected: Partial<Record<Actor, number>> & { others: number };
}

const everyoneSignedIn = (status: number) => ({ anonymous: 401, others: status });

/**
 * The authorization matrix of the foundation's endpoints: every endpoint × every role, for records
 * of the caller's own department and of another. One table; the tests are generated from it.
 */
const CASES: Case[] = [
  { endpoint: 'GET /api/health', method: 'GET', path: () => '/api/health', expected: { others: 200 } },
  { endpoint: 'GET /api/me', method: 'GET', path: () => '/api/me', expected: everyoneSignedIn(200) },
  {
    endpoint: 'PATCH /api/me',
    method: 'PATCH',
    path: () => '/api/me',
    body: () => ({ language: 'zh-CN' }),
    expected: everyoneSignedIn(200),
  },
  { endpoint: 'GET /api/focus-areas', method: 'GET', path: () => '/api/focus-areas', expected: everyoneSignedIn(200) },
  { endpoint: 'GET /api/departments', method: 'GET', path: () => '/api/departments', expected: everyoneSignedIn(200) },
  {
    endpoint: 'GET /api/departments/:id (own)',
    method: 'GET',
    path: (ctx) => `/api/departments/${ctx.ownDepartmentId}`,
    expected: everyoneSignedIn(200),
  },
  {
    endpoint: 'POST /api/departments',
    method: 'POST',
    path: () => '/api/departments',
    body: () => ({ code: uniqueName('d'), name: '测试局' }),
    expected: { anonymous: 401, admin: 201, others: 403 },
  },
  ...(['own', 'other'] as const).map((which): Case => ({
    endpoint: `PATCH /api/departments/:id (${which})`,
    method: 'PATCH',
    path: (ctx) => `/api/departments/${which === 'own' ? ctx.ownDepartmentId : ctx.otherDepartmentId}`,
    body: () => ({ nameEn: `Renamed ${uniqueName('')}` }),
    ifMatch: true,
    expected: { anonymous: 401, admin: 200, others: 403 },
  })),
  {
    endpoint: 'GET /api/calendar/holidays',
    method: 'GET',
    path: () => '/api/calendar/holidays?year=2026',
    expected: everyoneSignedIn(200),
  },
  {
    endpoint: 'PUT /api/calendar/holidays/:date',
    method: 'PUT',
    path: () => '/api/calendar/holidays/2030-01-01',
    body: () => ({ kind: 'holiday', name: '元旦' }),
    // The first PUT creates the day (201), every later one replaces it (200): both are the administrator's.
    expected: { anonymous: 401, admin: 201, others: 403 },
  },
  {
    endpoint: 'DELETE /api/calendar/holidays/:date (unknown date)',
    method: 'DELETE',
    path: () => '/api/calendar/holidays/2031-06-01',
    expected: { anonymous: 401, admin: 404, others: 403 },
  },
  {
    endpoint: 'GET /api/departments/:id/webhooks',
    method: 'GET',
    path: (ctx) => `/api/departments/${ctx.ownDepartmentId}/webhooks`,
    // Group robots' URLs are secrets of the system administrator's: nobody else reads even their masks.
    expected: { anonymous: 401, admin: 200, others: 403 },
  },
  {
    endpoint: 'PUT /api/departments/:id/webhooks/:kind',
    method: 'PUT',
    path: (ctx) => `/api/departments/${ctx.otherDepartmentId}/webhooks/wecom`,
    body: () => ({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=access-matrix-key' }),
    expected: { anonymous: 401, admin: 201, others: 403 },
  },
  {
    endpoint: 'DELETE /api/departments/:id/webhooks/:kind (none set)',
    method: 'DELETE',
    path: (ctx) => `/api/departments/${ctx.ownDepartmentId}/webhooks/dingtalk`,
    expected: { anonymous: 401, admin: 404, others: 403 },
  },
  {
    endpoint: 'POST /api/supervision-notices (unknown task)',
    method: 'POST',
    path: () => '/api/supervision-notices',
    body: () => ({
      taskId: '00000000-0000-4000-8000-000000000000',
      colour: 'blue',
      text: '提示',
      respondBy: '2030-01-01',
    }),
    // The committee alone issues notices (403 for everyone else before the body is read); no such task → 422.
    expected: { anonymous: 401, committee: 422, others: 403 },
  },
  // 督查通报 bulletins. An intended exception to department scoping: a published bulletin is read by
  // every role that reads business data, whatever department it names (naming other departments' red
  // items is its purpose). Drafts are the committee's: 404 to everyone else. The security
  // administrator reads no business data (三员分立): the list is 403, every bulletin 404.
  {
    endpoint: 'GET /api/bulletins',
    method: 'GET',
    path: () => '/api/bulletins',
    expected: { anonymous: 401, security_admin: 403, others: 200 },
  },
  {
    endpoint: 'POST /api/bulletins (a month not begun)',
    method: 'POST',
    path: () => '/api/bulletins',
    body: () => ({ period: '2099-01' }),
    expected: { anonymous: 401, committee: 422, others: 403 },
  },
  ...(['draft', 'published'] as const).flatMap((state): Case[] => {
    const path = (ctx: Context) =>
      `/api/bulletins/${state === 'draft' ? ctx.draftBulletinId : ctx.publishedBulletinId}`;
    const hidden = state === 'draft';
    return [
      {
        endpoint: `GET /api/bulletins/:id (${state})`,
        method: 'GET',
        path,
        expected: hidden
          ? { anonymous: 401, committee: 200, others: 404 }
          : { anonymous: 401, security_admin: 404, others: 200 },
      },
      {
        endpoint: `GET /api/bulletins/:id?format=pdf (${state})`,
        method: 'GET',
        path: (ctx) => `${path(ctx)}?format=pdf`,
        expected: hidden
          ? { anonymous: 401, committee: 200, others: 404 }
          : { anonymous: 401, security_admin: 404, others: 200 },
      },
      {
        endpoint: `PATCH /api/bulletins/:id (${state})`,
        method: 'PATCH',
        path,
        body: () => ({ narrative: `说明 ${uniqueName('')}` }),
        ifMatch: true,
        expected: hidden
          ? { anonymous: 401, committee: 200, others: 404 }
          : { anonymous: 401, committee: 409, security_admin: 404, others: 403 },
      },
      {
        endpoint: `POST /api/bulletins/:id/publish (${state === 'draft' ? 'unknown id' : state})`,
        method: 'POST',
        path: (ctx) =>
          state === 'draft' ? '/api/bulletins/00000000-0000-4000-8000-000000000000/publish' : `${path(ctx)}/publish`,
        expected: hidden
          ? { anonymous: 401, others: 404 }
          : { anonymous: 401, committee: 409, security_admin: 404, others: 403 },
      },
    ];
  }),
  {
    endpoint: 'GET /api/users',
    method: 'GET',
    path: () => '/api/users',
    expected: { anonymous: 401, admin: 200, security_admin: 200, others: 403 },
  },
  {
    endpoint: 'GET /api/users/:id (another user)',
    method: 'GET',
    path: (ctx) => `/api/users/${ctx.otherUserId}`,
    // Users are hidden from everyone but those who keep accounts: 404, never a 403 that confirms the id.
    expected: { anonymous: 401, admin: 200, security_admin: 200, others: 404 },
  },
  {
    endpoint: 'GET /api/users/:id (self)',
    method: 'GET',
    path: (ctx, actor) => `/api/users/${ctx.selfUserId(actor)}`,
    expected: { anonymous: 401, admin: 200, security_admin: 200, others: 403 },
  },
  {
    endpoint: 'POST /api/users (department role)',
    method: 'POST',
    path: () => '/api/users',
    body: (ctx) => ({
      username: uniqueName('u.'),
      displayName: '新用户',
      role: 'dept_staff',
      departmentId: ctx.ownDepartmentId,
      password: 'Secret#2021-lamp',
    }),
    expected: { anonymous: 401, admin: 201, others: 403 },
  },
  // 三员分立: no account is made with a role beyond a department's, by anyone; roles are granted afterwards.
  ...(['admin', 'security_admin', 'committee', 'auditor'] as const).map((role): Case => ({
    endpoint: `POST /api/users (role ${role})`,
    method: 'POST',
    path: () => '/api/users',
    body: () => ({ username: uniqueName('u.'), displayName: '新用户', role, password: 'Secret#2021-lamp' }),
    expected: { anonymous: 401, others: 403 },
  })),
  // The user-field split of PATCH /api/users/:id, field by field (another user; hidden from non-keepers: 404).
  ...(
    [
      ['displayName', () => `改名 ${uniqueName('')}`, 'admin'],
      ['departmentId', (ctx: Context) => ctx.ownDepartmentId, 'admin'],
      ['email', () => `${uniqueName('u')}@example.cn`, 'admin'],
      ['password', () => `Fresh#2022-${uniqueName('')}`, 'admin'],
      ['role', () => 'dept_head', 'security_admin'],
      ['locked', () => true, 'security_admin'],
    ] as const
  ).map(([field, value, keeper]): Case => ({
    endpoint: `PATCH /api/users/:id (another user, ${field})`,
    method: 'PATCH',
    path: (ctx) => `/api/users/${ctx.otherUserId}`,
    body: (ctx) => ({ [field]: value(ctx) }),
    ifMatch: true,
    expected: { anonymous: 401, admin: 403, security_admin: 403, [keeper]: 200, others: 404 },
  })),
  {
    endpoint: 'PATCH /api/users/:id (self, role)',
    method: 'PATCH',
    path: (ctx, actor) => `/api/users/${ctx.selfUserId(actor)}`,
    body: (_ctx, actor) => ({ role: actor === 'committee' ? 'auditor' : 'committee' }),
    ifMatch: true,
    // Nobody changes their own role, the security administrator included.
    expected: { anonymous: 401, others: 403 },
  },
  {
    endpoint: 'PATCH /api/users/:id (self, locked)',
    method: 'PATCH',
    path: (ctx, actor) => `/api/users/${ctx.selfUserId(actor)}`,
    body: () => ({ locked: true }),
    ifMatch: true,
    expected: { anonymous: 401, others: 403 },
  },
  { endpoint: 'GET /api/auth/policy', method: 'GET', path: () => '/api/auth/policy', expected: { others: 200 } },
  {
    endpoint: 'PUT /api/me/password (wrong current password)',
    method: 'PUT',
    path: () => '/api/me/password',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'Another-password-2021' }),
    expected: everyoneSignedIn(422),
  },
  {
    endpoint: 'POST /api/me/mfa/totp',
    method: 'POST',
    path: () => '/api/me/mfa/totp',
    expected: everyoneSignedIn(200),
  },
  {
    endpoint: 'POST /api/users/:id/mfa/reset (another user)',
    method: 'POST',
    path: (ctx) => `/api/users/${ctx.otherUserId}/mfa/reset`,
    expected: { anonymous: 401, admin: 403, security_admin: 200, others: 404 },
  },
  // The security policy and the single sign-on mapping table are the security administrator's.
  {
    endpoint: 'GET /api/security-policy',
    method: 'GET',
    path: () => '/api/security-policy',
    expected: { anonymous: 401, security_admin: 200, others: 403 },
  },
  {
    endpoint: 'GET /api/oidc-mappings',
    method: 'GET',
    path: () => '/api/oidc-mappings',
    expected: { anonymous: 401, security_admin: 200, others: 403 },
  },
  {
    endpoint: 'POST /api/oidc-mappings',
    method: 'POST',
    path: () => '/api/oidc-mappings',
    body: () => ({ claimValue: uniqueName('group-'), role: 'committee' }),
    expected: { anonymous: 401, security_admin: 201, others: 403 },
  },
  {
    endpoint: 'DELETE /api/oidc-mappings/:id (unknown id)',
    method: 'DELETE',
    path: () => '/api/oidc-mappings/00000000-0000-4000-8000-000000000000',
    expected: { anonymous: 401, others: 404 },
  },
  {
    endpoint: 'GET /api/auth/oidc/config',
    method: 'GET',
    path: () => '/api/auth/oidc/config',
    expected: { others: 200 },
  },
  // The audit log is the auditor's alone: neither administrator reads or exports it.
  ...[
    '/api/audit/events',
    '/api/audit/verify',
    '/api/audit/checkpoints',
    '/api/audit/public-key',
    '/api/audit/export?format=csv',
  ].map((path): Case => ({
    endpoint: `GET ${path}`,
    method: 'GET',
    path: () => path,
    expected: { anonymous: 401, auditor: 200, others: 403 },
  })),
  ...['/api/ledger?period=2026-10', '/api/ledger?period=2026-10&format=csv', '/api/ranking?period=2026-10'].map(
    (path): Case => ({
      endpoint: `GET ${path}`,
      method: 'GET',
      path: () => path,
      expected: { anonymous: 401, committee: 200, auditor: 200, others: 403 },
    }),
  ),
  // Every role has a to-do inbox (the security administrator's is empty); the review queue is the
  // committee's work, which the auditor reads.
  ...['/api/inbox', '/api/inbox?done=true', '/api/inbox/counts'].map((path): Case => ({
    endpoint: `GET ${path}`,
    method: 'GET',
    path: () => path,
    expected: everyoneSignedIn(200),
  })),
  ...['/api/review-queue', '/api/review-queue?format=csv', '/api/review-queue?format=xlsx'].map((path): Case => ({
    endpoint: `GET ${path}`,
    method: 'GET',
    path: () => path,
    expected: { anonymous: 401, committee: 200, auditor: 200, others: 403 },
  })),
  // Excel import of tasks: the committee's (a preview changes nothing; the real run is in its own spec).
  {
    endpoint: 'GET /api/tasks/import/template',
    method: 'GET',
    path: () => '/api/tasks/import/template',
    expected: { anonymous: 401, committee: 200, others: 403 },
  },
  {
    endpoint: 'POST /api/tasks/import (preview)',
    method: 'POST',
    path: () => '/api/tasks/import?dryRun=true',
    sheet: () => taskSheet([taskRow()]),
    expected: { anonymous: 401, committee: 200, others: 403 },
  },
  {
    endpoint: 'GET /api/users/:id (unknown id)',
    method: 'GET',
    path: () => '/api/users/00000000-0000-4000-8000-000000000000',
    expected: { anonymous: 401, others: 404 },
  },
  {
    endpoint: 'PATCH /api/departments/:id (malformed id)',
    method: 'PATCH',
    path: () => '/api/departments/not-a-uuid',
    body: () => ({ name: 'x' }),
    ifMatch: true,
    expected: { anonymous: 401, others: 404 },
  },
];

describe('Authorization matrix (role × department × endpoint)', () => {
  let world: TestWorld;
  let api: ApiInstance;
  const tokens = new Map<Actor, string | undefined>();
  let ctx: Context;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    for (const actor of ACTORS)
      tokens.set(actor, actor === 'anonymous' ? undefined : await signIn(api, USERNAMES[actor]));
    const departments = await world.sql<{ id: string; code: string }>('SELECT id, code FROM department');
    const users = await world.sql<{ id: string; username: string }>('SELECT id, username FROM app_user');
    const idOf = (username: string) => users.find((u) => u.username === username)?.id ?? '';
    const adminToken = tokens.get('admin');
    const committeeToken = tokens.get('committee');
    const bulletin = (period: string) =>
      api.request<{ id: string }>('POST', '/api/bulletins', { token: committeeToken, body: { period } });
    const draftBulletin = await bulletin('2026-09');
    const publishedBulletin = await bulletin('2026-08');
    await api.request('POST', `/api/bulletins/${publishedBulletin.body.id}/publish`, { token: committeeToken });
    ctx = {
      draftBulletinId: draftBulletin.body.id,
      publishedBulletinId: publishedBulletin.body.id,
      ownDepartmentId: departments.find((d) => d.code === 'econ')?.id ?? '',
      otherDepartmentId: departments.find((d) => d.code === 'sci')?.id ?? '',
      selfUserId: (actor) => (actor === 'anonymous' ? idOf('admin') : idOf(USERNAMES[actor])),
      otherUserId: idOf('staff.sci'),
      versionOf: async (path) => {
        // The administrator reads most records; a draft bulletin only the committee.
        for (const token of [adminToken, committeeToken]) {
          const current = await api.request('GET', path, { token });
          if (current.status === 200) return current.headers.get('etag') ?? '"0"';
        }
        return '"0"';
      },
    };
  });
  afterAll(() => world.close());

  const rows = CASES.flatMap((c) =>
    ACTORS.map((actor) => [c.endpoint, actor, c.expected[actor] ?? c.expected.others, c] as const),
  );

  it.each(rows)('%s as %s → %i', async (_endpoint, actor, status, c) => {
    const path = c.path(ctx, actor);
    const headers: Record<string, string> = {};
    if (c.ifMatch) headers['if-match'] = path.includes('not-a-uuid') ? '"1"' : await ctx.versionOf(path);
    const result = c.sheet
      ? await postSheet(api, tokens.get(actor), await c.sheet(), { dryRun: true })
      : await api.request(c.method, path, { token: tokens.get(actor), body: c.body?.(ctx, actor), headers });
    expect(result.status).toBe(status);
    if (status >= 400) expect(result.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('Route declarations', () => {
  let world: TestWorld;
  let api: ApiInstance;

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
  });
  afterAll(() => world.close());

  it('every route declares who may call it (@Access or @Public)', () => {
    const discovery = new DiscoveryService(api.app.get(ModulesContainer));
    const scanner = new MetadataScanner();
    const reflector = api.app.get(Reflector);
    const undeclared: string[] = [];
    let routes = 0;
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        routes++;
        const rule: unknown = reflector.getAllAndOverride(ACCESS_RULE, [
          handler,
          wrapper.metatype as new () => unknown,
        ]);
        if (!rule) {
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          undeclared.push(`${wrapper.name}.${name} (${method})`);
        }
      }
    }
    expect(routes).toBeGreaterThan(10);
    expect(undeclared).toEqual([]);
  });
});
